export { hello } from './probe';
