export { type SimTest, type SimTestDeclare, type SimTestOptions, simTest } from './sim-test.js';
