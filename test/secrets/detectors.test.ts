import * as assert from 'node:assert/strict';
import { DETECTORS } from '../../server/src/engine/secrets/providers';
import { classifyPair, findPrivateKeys, findProviderTokens, findTextPairs, findUrlCredentials, scanNetrc, scanText } from '../../server/src/engine/secrets/scan';
import { isGenericSecret, isPlaceholder, isSecretName } from '../../server/src/engine/secrets/shape';
import { redact } from '../../server/src/engine/secrets/redact';
import { fakePrivateKey, HEX, mixed, samples } from './samples';

describe('secret detectors', () => {
  const all = samples();

  it('has at least 40 provider detectors, each with an id, provider, description and a way to match', () => {
    assert.ok(DETECTORS.length >= 40, `only ${DETECTORS.length} detectors`);
    const ids = DETECTORS.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate detector id');
    for (const d of DETECTORS) {
      assert.match(d.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(d.provider && d.description && d.envName, `${d.id}: missing metadata`);
      assert.ok((d.prefixes && d.pattern) || (d.keys && d.value), `${d.id}: neither a prefix pattern nor a keyed value`);
      if (d.pattern) assert.ok(d.pattern.sticky, `${d.id}: the pattern must be sticky`);
    }
  });

  for (const detector of DETECTORS) {
    describe(detector.id, () => {
      const sample = all[detector.id];
      it('has a sample', () => assert.ok(sample, `no sample for ${detector.id} in test/secrets/samples.ts`));
      if (!sample) return;
      if (sample.token) {
        it('finds its token in text, and only that token', () => {
          const text = `value = "${sample.token}" # trailing`;
          const found = findProviderTokens(text).filter((m) => m.detectorId === detector.id);
          assert.equal(found.length, 1, `not found in: ${redact(text)}`);
          const secret = found[0].secret;
          assert.ok(sample.token!.includes(secret) || secret.includes('PRIVATE KEY'), 'the match is not part of the sample');
        });
      }
      if (sample.keyed) {
        it('finds a value held by a name that says whose it is', () => {
          const { name, value, context } = sample.keyed!;
          assert.equal(classifyPair(name, value, context)?.detectorId, detector.id);
        });
      }
      it('does not fire on near misses', () => {
        for (const miss of sample.misses) {
          if (typeof miss === 'string') {
            const found = findProviderTokens(`x = "${miss}"`).filter((m) => m.detectorId === detector.id);
            assert.deepEqual(
              found.map((f) => redact(f.secret)),
              [],
              `fired on near miss ${redact(miss)}`,
            );
          } else {
            assert.notEqual(classifyPair(miss.name, miss.value, miss.context)?.detectorId, detector.id, `fired on ${miss.name}=${redact(miss.value)}`);
          }
        }
      });
    });
  }

  it('finds a token only where it starts: not inside a longer run of token characters', () => {
    const token = all['github-token'].token!;
    assert.equal(findProviderTokens(`xyz${token}`).length, 0);
    assert.equal(findProviderTokens(`${token}abc`).length, 0);
    assert.equal(findProviderTokens(`(${token})`).length, 1);
  });
});

describe('private keys, URL credentials, pairs', () => {
  it('finds PEM private keys with key material, not placeholders or public keys', () => {
    assert.equal(findPrivateKeys(fakePrivateKey()).length, 1);
    assert.equal(findPrivateKeys(fakePrivateKey('OPENSSH PRIVATE KEY')).length, 1);
    assert.equal(findPrivateKeys('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----').length, 0);
    assert.equal(findPrivateKeys(fakePrivateKey('PUBLIC KEY')).length, 0);
  });

  it('finds passwords in URLs, not placeholders, defaults or URLs without a password', () => {
    const password = mixed(14);
    const found = findUrlCredentials(`postgresql://ml:${password}@db.internal:5432/features`);
    assert.equal(found.length, 1);
    assert.equal(found[0].secret, password);
    for (const safe of [
      'postgresql://ml:${DB_PASSWORD}@db/x',
      'postgresql://postgres:postgres@localhost/x',
      'mongodb+srv://user:<password>@cluster0.mongodb.net',
      'https://huggingface.co/bert-base-uncased',
      'redis://localhost:6379/0',
      'postgresql://ml:{password}@db/x',
      'https://user@host/x',
    ])
      assert.deepEqual(findUrlCredentials(safe), [], safe);
  });

  it('reads pairs in env, YAML, JSON, INI, Dockerfile and header forms', () => {
    const value = mixed(24);
    for (const text of [
      `DB_PASSWORD=${value}`,
      `export DB_PASSWORD="${value}"`,
      `db_password: ${value}`,
      `"db_password": "${value}"`,
      `password = ${value}`,
      `Authorization: Bearer ${value}`,
      `{'API_TOKEN': '${value}', 'PATH': '/bin'}`,
    ]) {
      const pairs = findTextPairs(text);
      assert.equal(pairs.length, 1, text);
      assert.equal(pairs[0].value, value, text);
    }
    assert.equal(findTextPairs(`ENV DB_PASSWORD ${value}`, { spaceSeparated: true })[0]?.value, value);
  });

  it('reads .netrc and names W&B by its machine', () => {
    const key = mixed(40, HEX);
    const found = scanNetrc(`machine api.wandb.ai\n  login user\n  password ${key}\n`);
    assert.equal(found.length, 1);
    assert.equal(found[0].detectorId, 'wandb-api-key');
  });

  it('keeps the provider match where a pair or URL overlaps it', () => {
    const token = samples()['github-token'].token!;
    const found = scanText(`GITHUB_TOKEN=${token}\nremote = https://oauth2:${token}@github.com/org/repo.git`);
    assert.deepEqual(
      found.map((f) => f.detectorId),
      ['github-token', 'github-token'],
    );
  });
});

describe('secret-like names and values', () => {
  it('matches names on word parts', () => {
    for (const name of [
      'password',
      'DB_PASSWORD',
      'api_key',
      'apiKey',
      'OPENAI_API_KEY',
      'hf_token',
      'access_token',
      'client_secret',
      'secret',
      'aws_secret_access_key',
      'Authorization',
      'conn_str',
      'KAGGLE_KEY',
      'db_pass',
    ])
      assert.ok(isSecretName(name), name);
    for (const name of [
      'tokenizer',
      'max_tokens',
      'pad_token',
      'eos_token',
      'passed',
      'password_hash',
      'token_url',
      'secret_name',
      'key',
      'keys',
      'monkey',
      'api_key_path',
      'num_tokens',
      'token_ids',
      'auth_type',
      'bypass',
      'compass',
      'passage',
    ])
      assert.ok(!isSecretName(name), name);
  });

  it('knows placeholders', () => {
    for (const value of ['YOUR_API_KEY', '<token>', 'xxx', 'xxxxxxxxxxxx', 'changeme', 'sk-...', '${DB_PASSWORD}', '', '********', 'os.environ["X"]', 'insert-key-here', 'password123'])
      assert.ok(isPlaceholder(value), value);
    assert.ok(!isPlaceholder(mixed(24)));
  });

  it('tells secrets from hyperparameters, ids, hashes and plain words', () => {
    assert.ok(isGenericSecret('db_password', 'Xk9#pL2!vQ'));
    assert.ok(isGenericSecret('api_token', mixed(32)));
    assert.ok(!isGenericSecret('password', 'hunter2'));
    assert.ok(!isGenericSecret('auth', 'basic'));
    assert.ok(!isGenericSecret('token', 'hf_token'));
    assert.ok(!isGenericSecret('api_key', 'None'));
    assert.ok(!isGenericSecret('dummy_password', 'Xk9#pL2!vQ'));
    assert.ok(!isGenericSecret('fake_token', mixed(32)));
    assert.ok(!isGenericSecret('password', '13a'));
    assert.ok(!isGenericSecret('revision_sha', mixed(40, HEX)));
    assert.ok(!isGenericSecret('token_path', '/run/secrets/token'));
  });
});

describe('redact', () => {
  it('shows the first 4 characters and the length of a long secret, fewer of a short one', () => {
    assert.equal(redact('hf_abcdefghijklmnopqrstuvwxyzABCDEFGH'), 'hf_a…(37 chars)');
    assert.equal(redact('Xk9#pL2!vQ'), 'Xk…(10 chars)');
    assert.equal(redact('abc'), '…(3 chars)');
  });
});
