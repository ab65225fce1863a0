/**
 * Fake credentials of the right shape for every detector, built at run time from a seeded
 * generator (so no token sits in the repository as a literal), with near misses that must not
 * match: one character short, a wrong alphabet, or a keyed value under an unrelated name.
 */
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const URLSAFE = ALNUM + '_-';

let state = 2463534242;
/** Deterministic random text from `alphabet` (xorshift32). */
export function random(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

/** Random text that still has every class of its alphabet present (so entropy checks pass). */
export function mixed(length: number, alphabet = ALNUM): string {
  for (;;) {
    const value = random(length, alphabet);
    const needs = [UPPER, LOWER, DIGITS].filter((cls) => [...alphabet].some((c) => cls.includes(c)));
    if (needs.every((cls) => [...value].some((c) => cls.includes(c)))) return value;
  }
}

export interface Sample {
  /** A self-identifying token, found in any text. */
  token?: string;
  /** A keyed value: found when held by `name` (with `context`, e.g. a callee or a file name). */
  keyed?: { name: string; value: string; context?: string };
  /** Texts (tokens or keyed values) that must not be found as this detector. */
  misses: (string | { name: string; value: string; context?: string })[];
}

function jwtPart(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** One sample per detector id. */
export function samples(): Record<string, Sample> {
  const openaiLegacy = `sk-${mixed(20)}T3BlbkFJ${mixed(20)}`;
  const neptune = Buffer.from(JSON.stringify({ api_address: 'https://app.neptune.ai', api_url: 'https://app.neptune.ai', api_key: random(36, HEX) }))
    .toString('base64')
    .replace(/=+$/, '');
  return {
    'openai-api-key': {
      token: `sk-proj-${mixed(74, URLSAFE)}T3BlbkFJ${mixed(74, URLSAFE)}`,
      keyed: { name: 'OPENAI_API_KEY', value: `sk-${mixed(48)}` },
      misses: [openaiLegacy.slice(0, -1) + '!', `sk-${mixed(48)}`, { name: 'api_key', value: `sk-${mixed(10)}` }],
    },
    'anthropic-api-key': { token: `sk-ant-api03-${mixed(93, URLSAFE)}AA`, keyed: { name: 'ANTHROPIC_API_KEY', value: `sk-ant-${mixed(60, URLSAFE)}` }, misses: [`sk-ant-api03-${mixed(20)}`] },
    'huggingface-token': { token: `hf_${mixed(34, UPPER + LOWER)}`, keyed: { name: 'HF_TOKEN', value: `hf_${mixed(34)}` }, misses: [`hf_${mixed(33, UPPER + LOWER)}`, `hf_${mixed(34, LOWER)}_x`] },
    'wandb-api-key': {
      keyed: { name: 'key', value: mixed(40, HEX), context: 'wandb.login' },
      misses: [
        { name: 'key', value: mixed(40, HEX), context: 'hashlib.sha1' },
        { name: 'WANDB_API_KEY', value: mixed(39, HEX) },
      ],
    },
    'kaggle-api-key': {
      token: `KGAT_${mixed(32, HEX)}`,
      keyed: { name: 'key', value: mixed(32, HEX), context: 'kaggle.json' },
      misses: [{ name: 'key', value: mixed(32, HEX), context: 'config.json' }],
    },
    'cohere-api-key': { keyed: { name: 'CO_API_KEY', value: mixed(40) }, misses: [{ name: 'CO_API_KEY', value: mixed(39) }] },
    'replicate-api-token': { token: `r8_${mixed(37)}`, misses: [`r8_${mixed(36)}`] },
    'groq-api-key': { token: `gsk_${mixed(52)}`, misses: [`gsk_${mixed(51)}`] },
    'mistral-api-key': { keyed: { name: 'MISTRAL_API_KEY', value: mixed(32) }, misses: [{ name: 'MODEL_KEY', value: mixed(32) }] },
    'together-api-key': { token: `tgp_v1_${mixed(43, URLSAFE)}`, keyed: { name: 'TOGETHER_API_KEY', value: mixed(64, HEX) }, misses: [`tgp_v1_${mixed(42)}`] },
    'perplexity-api-key': { token: `pplx-${mixed(48)}`, misses: [`pplx-${mixed(47)}`] },
    'xai-api-key': { token: `xai-${mixed(80)}`, misses: [`xai-${mixed(79)}`] },
    'openrouter-api-key': { token: `sk-or-v1-${mixed(64, HEX)}`, misses: [`sk-or-v1-${mixed(63, HEX)}`] },
    'deepseek-api-key': { keyed: { name: 'DEEPSEEK_API_KEY', value: `sk-${mixed(32, HEX)}` }, misses: [{ name: 'DEEPSEEK_API_KEY', value: `sk-${mixed(31, HEX)}` }] },
    'elevenlabs-api-key': { token: `sk_${mixed(48, HEX)}`, misses: [`sk_${mixed(47, HEX)}`] },
    'pinecone-api-key': {
      token: `pcsk_${mixed(5)}_${mixed(63)}`,
      keyed: { name: 'PINECONE_API_KEY', value: `${random(8, HEX)}-${random(4, HEX)}-4${random(3, HEX)}-a${random(3, HEX)}-${random(12, HEX)}` },
      misses: [`pcsk_${mixed(5)}_${mixed(20)}`],
    },
    'neptune-api-token': { token: neptune, misses: [neptune.slice(0, 40)] },
    'comet-api-key': { keyed: { name: 'COMET_API_KEY', value: mixed(25) }, misses: [{ name: 'COMET_API_KEY', value: mixed(24) }] },
    'clearml-credentials': { keyed: { name: 'CLEARML_API_SECRET_KEY', value: mixed(50, URLSAFE) }, misses: [{ name: 'CLEARML_API_HOST', value: mixed(50) }] },
    'langsmith-api-key': { token: `lsv2_pt_${mixed(32, HEX)}_${mixed(10, HEX)}`, misses: [`lsv2_pt_${mixed(31, HEX)}_${mixed(10, HEX)}`] },
    'databricks-token': { token: `dapi${mixed(32, HEX)}`, misses: [`dapi${mixed(31, HEX)}`] },
    'roboflow-api-key': { keyed: { name: 'ROBOFLOW_API_KEY', value: mixed(20) }, misses: [{ name: 'ROBOFLOW_WORKSPACE', value: mixed(20) }] },
    'aws-access-key-id': { token: `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, misses: ['AKIAIOSFODNN7EXAMPLE', `AKIA${random(15, UPPER)}`] },
    'aws-secret-access-key': { keyed: { name: 'aws_secret_access_key', value: mixed(40, B64) }, misses: [{ name: 'aws_secret_access_key', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }] },
    'aws-session-token': { token: `IQoJb3JpZ2luX2Vj${mixed(300, B64)}`, keyed: { name: 'AWS_SESSION_TOKEN', value: mixed(300, B64) }, misses: [`IQoJb3JpZ2luX2Vj${mixed(50)}`] },
    'google-api-key': { token: `AIza${mixed(35, URLSAFE)}`, misses: [`AIza${mixed(34, URLSAFE)}`] },
    'google-oauth-client-secret': { token: `GOCSPX-${mixed(28, URLSAFE)}`, misses: [`GOCSPX-${mixed(27)}`] },
    'google-oauth-access-token': { token: `ya29.${mixed(150, URLSAFE)}`, misses: ['ya29.short'] },
    'gcp-service-account-key': { token: `"private_key": "-----BEGIN PRIVATE KEY-----\\n${mixed(64, B64)}\\n${mixed(64, B64)}\\n-----END PRIVATE KEY-----\\n"`, misses: ['"private_key": ""'] },
    'azure-storage-connection-string': {
      token: `DefaultEndpointsProtocol=https;AccountName=mldata;AccountKey=${mixed(86, B64)}==;EndpointSuffix=core.windows.net`,
      misses: ['DefaultEndpointsProtocol=https;AccountName=mldata;AccountKey=<key>'],
    },
    'azure-sas-token': {
      token: `https://mldata.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01&sig=${mixed(43, ALNUM)}%3D`,
      misses: ['https://mldata.blob.core.windows.net/c?sv=2022-11-02&sig=abc'],
    },
    'azure-openai-api-key': { keyed: { name: 'AZURE_OPENAI_API_KEY', value: mixed(32, HEX) }, misses: [{ name: 'AZURE_OPENAI_ENDPOINT', value: mixed(32, HEX) }] },
    'azure-ad-client-secret': { token: `${mixed(3)}8Q~${mixed(34, ALNUM + '_.~-')}`, misses: [`${mixed(3)}8Q~${mixed(10)}`] },
    'alibaba-access-key-id': { token: `LTAI${mixed(20)}`, misses: [`LTAI${mixed(10)}`] },
    'digitalocean-token': { token: `dop_v1_${mixed(64, HEX)}`, misses: [`dop_v1_${mixed(63, HEX)}`] },
    'supabase-secret-key': { token: `sbp_${mixed(40, HEX)}`, misses: [`sbp_${mixed(39, HEX)}`] },
    'vault-token': { token: `hvs.${mixed(95, URLSAFE)}`, misses: [`hvs.${mixed(20)}`] },
    'terraform-cloud-token': { token: `${mixed(14)}.atlasv1.${mixed(67, URLSAFE)}`, misses: [`${mixed(14)}.atlasv1.${mixed(20)}`] },
    'github-token': { token: `ghp_${mixed(36)}`, misses: [`ghp_${mixed(35)}`, `ghx_${mixed(36)}`] },
    'github-fine-grained-token': { token: `github_pat_${mixed(22)}_${mixed(59)}`, misses: [`github_pat_${mixed(22)}_${mixed(58)}`] },
    'gitlab-token': { token: `glpat-${mixed(20, URLSAFE)}`, misses: [`glpat-${mixed(19)}`] },
    'npm-token': { token: `npm_${mixed(36)}`, misses: [`npm_${mixed(35)}`] },
    'pypi-token': { token: `pypi-AgEIcHlwaS5vcmc${mixed(70, URLSAFE)}`, misses: [`pypi-AgEIcHlwaS5vcmc${mixed(20)}`] },
    'atlassian-api-token': { token: `ATATT${mixed(185, URLSAFE)}`, misses: [`ATATT${mixed(100)}`] },
    'linear-api-key': { token: `lin_api_${mixed(40)}`, misses: [`lin_api_${mixed(39)}`] },
    'notion-token': { token: `ntn_${random(11, DIGITS)}${mixed(35)}`, misses: [`secret_${mixed(20)}`] },
    'postman-api-key': { token: `PMAK-${mixed(24, HEX)}-${mixed(34, HEX)}`, misses: [`PMAK-${mixed(24, HEX)}-${mixed(33, HEX)}`] },
    'doppler-token': { token: `dp.pt.${mixed(43)}`, misses: [`dp.pt.${mixed(20)}`] },
    'slack-token': { token: `xoxb-${random(11, DIGITS)}-${random(13, DIGITS)}-${mixed(24)}`, misses: ['xoxb-not-a-token'] },
    'slack-webhook': {
      token: `https://hooks.slack.com/services/T${random(8, UPPER + DIGITS)}/B${random(8, UPPER + DIGITS)}/${mixed(24)}`,
      misses: ['https://hooks.slack.com/services/T000/B000/XXXX'],
    },
    'discord-webhook': { token: `https://discord.com/api/webhooks/${random(18, DIGITS)}/${mixed(68, URLSAFE)}`, misses: ['https://discord.com/api/webhooks/123/abc'] },
    'telegram-bot-token': { token: `${random(10, '123456789')}:AA${mixed(33, URLSAFE)}`, misses: [`12:AA${mixed(33)}`] },
    'stripe-secret-key': { token: `sk_live_${mixed(99)}`, misses: [`pk_live_${mixed(99)}`, `sk_live_${mixed(10)}`] },
    'twilio-api-key': { token: `SK${mixed(32, HEX)}`, keyed: { name: 'TWILIO_AUTH_TOKEN', value: mixed(32, HEX) }, misses: [`SK${mixed(31, HEX)}`] },
    'sendgrid-api-key': { token: `SG.${mixed(22, URLSAFE)}.${mixed(43, URLSAFE)}`, misses: [`SG.${mixed(22)}.${mixed(42)}`] },
    'mailgun-api-key': { token: `key-${mixed(32, HEX)}`, misses: [`key-${mixed(31, HEX)}`] },
    'mailchimp-api-key': { keyed: { name: 'MAILCHIMP_API_KEY', value: `${mixed(32, HEX)}-us21` }, misses: [{ name: 'MAILCHIMP_API_KEY', value: `${mixed(32, HEX)}-eu21` }] },
    'square-token': { token: `sq0atp-${mixed(22, URLSAFE)}`, misses: [`sq0atp-${mixed(21)}`] },
    'shopify-token': { token: `shpat_${mixed(32, HEX)}`, misses: [`shpat_${mixed(31, HEX)}`] },
    'datadog-api-key': { keyed: { name: 'DD_API_KEY', value: mixed(32, HEX) }, misses: [{ name: 'DD_SITE', value: mixed(32, HEX) }] },
    'new-relic-key': { token: `NRAK-${random(27, UPPER + DIGITS)}`, misses: [`NRAK-${random(26, UPPER + DIGITS)}`] },
    'grafana-token': { token: `glsa_${mixed(32)}_${mixed(8, HEX)}`, misses: [`glsa_${mixed(31)}_${mixed(8, HEX)}`] },
    'sentry-auth-token': { token: `sntryu_${mixed(64, HEX)}`, misses: [`sntryu_${mixed(63, HEX)}`] },
    'mapbox-secret-token': { token: `sk.eyJ1Ijoi${mixed(60, URLSAFE)}.${mixed(22, URLSAFE)}`, misses: [`pk.eyJ1Ijoi${mixed(60)}.${mixed(22)}`] },
    'dropbox-token': { token: `sl.${mixed(140, URLSAFE)}`, misses: [`sl.${mixed(50)}`] },
    'facebook-access-token': { token: `EAAG${mixed(120)}`, misses: [`EAAG${mixed(40)}`] },
    'ngrok-authtoken': { keyed: { name: 'NGROK_AUTHTOKEN', value: `${mixed(27)}_${mixed(21)}` }, misses: [{ name: 'NGROK_REGION', value: `${mixed(27)}_${mixed(21)}` }] },
    'serpapi-key': { token: `tvly-${mixed(32)}`, keyed: { name: 'SERPAPI_API_KEY', value: mixed(64, HEX) }, misses: [`tvly-${mixed(31)}`] },
    jwt: {
      token: `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: random(12, DIGITS), name: 'svc', iat: 1700000000 })}.${mixed(43, URLSAFE)}`,
      misses: [`eyJub3RhIjoiand0In0.eyJzdWIiOiIxIn0.${mixed(43, URLSAFE)}`],
    },
  };
}

/** A fake PEM private key with a body of the right shape. */
export function fakePrivateKey(kind = 'RSA PRIVATE KEY'): string {
  const lines = Array.from({ length: 6 }, () => mixed(64, B64));
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----`;
}
