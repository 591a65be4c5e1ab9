/** The metamorphic variants, half 1 of 2 (suite.ts says how the run is split). */
import { metamorphicHalf } from './suite.js';

metamorphicHalf(0);
