export { type SimTestOptions, simTest } from './sim-test.js';
