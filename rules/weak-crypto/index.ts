import unkeyedHashPii from './unkeyed-hash-pii';
import weakHashPii from './weak-hash-pii';

export default [weakHashPii, unkeyedHashPii];
