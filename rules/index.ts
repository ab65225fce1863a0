import type { Rule } from '../server/src/engine/api';
import commandInjection from './command-injection';
import hardcodedSecret from './hardcoded-secret';
import insecureServerConfig from './insecure-server-config';
import insecureTempFile from './insecure-temp-file';
import insecureTransport from './insecure-transport';
import pathTraversal from './path-traversal';
import piiExposure from './pii-exposure';
import remoteCodeExecution from './remote-code-execution';
import secretExposure from './secret-exposure';
import sqlInjection from './sql-injection';
import unauthenticatedEndpoint from './unauthenticated-endpoint';
import unencryptedStorage from './unencrypted-storage';
import unpinnedArtifact from './unpinned-artifact';
import unsafeDeserialization from './unsafe-deserialization';
import weakCrypto from './weak-crypto';

/** The rule catalogue: one folder per category (shared/categories.md), one file per rule. */
export const allRules: readonly Rule[] = [
  ...unsafeDeserialization,
  ...remoteCodeExecution,
  ...unpinnedArtifact,
  ...insecureTransport,
  ...hardcodedSecret,
  ...secretExposure,
  ...piiExposure,
  ...unencryptedStorage,
  ...weakCrypto,
  ...unauthenticatedEndpoint,
  ...insecureServerConfig,
  ...commandInjection,
  ...sqlInjection,
  ...pathTraversal,
  ...insecureTempFile,
];
