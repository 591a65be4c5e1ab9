-- The lua oracle's hook, run with -e before the code: os and io's functions that act on the world
-- are replaced by recorders that then call the real ones (lua has no sockets of its own).
local probe = io.open('/oracle/luaaudit', 'r')
if probe then
  probe:close()
  local log = io.open('/oracle/luaaudit.log', 'a')
  log:setvbuf('no')
  local function q(s)
    return '"' .. (tostring(s):gsub('[%c"\\]', function(c) return string.format('\\u%04x', c:byte()) end)) .. '"'
  end
  local function rec(event, ...)
    local t = {}
    for i = 1, math.min(select('#', ...), 4) do t[#t + 1] = q((select(i, ...))) end
    log:write('{"event":' .. q(event) .. ',"args":[' .. table.concat(t, ',') .. ']}\n')
  end
  local execute, popen, remove, rename, open, output = os.execute, io.popen, os.remove, os.rename, io.open, io.output
  os.execute = function(c, ...) if c ~= nil then rec('process', c) end return execute(c, ...) end
  io.popen = function(c, ...) rec('process', c) return popen(c, ...) end
  os.remove = function(p, ...) rec('delete', p) return remove(p, ...) end
  os.rename = function(a, b, ...) rec('write', b) return rename(a, b, ...) end
  io.open = function(p, m, ...) if m ~= nil and tostring(m):find('[wa+]') then rec('write', p) end return open(p, m, ...) end
  io.output = function(f, ...) if type(f) == 'string' then rec('write', f) end return output(f, ...) end
end
