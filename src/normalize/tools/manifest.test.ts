import { describe, expect, it } from 'vitest';
import { inputManifestLines, manifestCommandLines } from './manifest.js';

describe('container manifests as the docker run lines they stand for', () => {
  it('writes a loosened compose service as its line, and nothing for an ordinary one', () => {
    expect(manifestCommandLines('/w/docker-compose.yml', 'services:\n  a:\n    image: x\n    privileged: true\n    pid: host\n')).toEqual(['docker run --privileged --pid=host x']);
    expect(manifestCommandLines('/w/compose.yaml', 'services:\n  a:\n    image: x\n    volumes: ["./src:/src", "cache:/c"]\n')).toEqual([]);
  });

  it('reads an edit fragment without an image', () => {
    expect(manifestCommandLines('/w/docker-compose.yml', '    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    cap_add: [SYS_ADMIN]\n')).toEqual([
      'docker run --cap-add SYS_ADMIN --volume /var/run/docker.sock:/var/run/docker.sock manifest-image',
    ]);
  });

  it('maps a pod spec: host namespaces, privileged containers, hostPath volumes where they are mounted', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: busybox\n      securityContext: {privileged: true}\n      volumeMounts: [{name: r, mountPath: /host}]\n  volumes:\n    - name: r\n      hostPath: {path: /}\n';
    expect(manifestCommandLines('/w/k8s/pod.yaml', pod)).toEqual(['docker run --network=host --privileged --volume /:/host busybox']);
    expect(inputManifestLines({ resource: pod })).toEqual(['docker run --network=host --privileged --volume /:/host busybox']);
  });

  it('ignores files that are no manifests and text that does not parse', () => {
    expect(manifestCommandLines('/w/notes.md', 'privileged: true')).toEqual([]);
    expect(manifestCommandLines('/w/a.yaml', 'privileged: [unclosed')).toEqual([]);
  });
});
