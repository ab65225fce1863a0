import fastPasswordHash from './fast-password-hash';
import hardcodedCryptoKey from './hardcoded-crypto-key';
import insecureRandomSecret from './insecure-random-secret';
import jwtVerifyDisabled from './jwt-verify-disabled';
import unkeyedHashPii from './unkeyed-hash-pii';
import weakCipher from './weak-cipher';
import weakHashPii from './weak-hash-pii';

export default [weakHashPii, unkeyedHashPii, fastPasswordHash, weakCipher, hardcodedCryptoKey, insecureRandomSecret, jwtVerifyDisabled];
