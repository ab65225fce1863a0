/**
 * Secret detectors as data: one entry per kind of credential, anchored on the format the
 * provider documents (a fixed prefix, a length, an alphabet, a checksum-like marker).
 *
 * Two ways to recognise a credential:
 *  - `prefixes` + `pattern`: the token identifies itself (`ghp_…`, `hf_…`, `AKIA…`). The scanner
 *    finds the prefixes with one pass over the text and runs `pattern` (sticky) at each place
 *    that starts a token. Patterns are a prefix followed by bounded character classes: linear.
 *  - `keys` + `value`: the value has no marker of its own (a 40-hex W&B key, a 32-hex Kaggle
 *    key): it counts when the name it is assigned to, passed as or keyed by matches `keys`
 *    (`WANDB_API_KEY`, `wandb.login(key=…)`, `.netrc` machine `api.wandb.ai`) and the value has
 *    the documented shape. Providers with a marker keep a `keys` fallback too, for keys issued
 *    in an older or newer format than the pattern knows (OpenAI keys without `T3BlbkFJ`).
 */
export interface SecretDetector {
  /** Stable id (kebab-case), shown in the detector table and in messages' data. */
  id: string;
  provider: string;
  /** What the credential is, in a few words ("API key", "personal access token"). */
  description: string;
  /** Environment variable name the "move to environment variable" fix uses. */
  envName: string;
  prefixes?: readonly string[];
  /** Sticky regex matched where a prefix starts a token; the whole match is the secret. */
  pattern?: RegExp;
  /** Names (variables, keywords, env vars, config keys, call + keyword) that say the value belongs to this provider. */
  keys?: RegExp;
  /** Full-match shape of a value held by such a name. */
  value?: RegExp;
  /** Extra check on a match (checksums, required markers). */
  validate?(secret: string): boolean;
  /** How serious a leak is: most are `error`; publishable or low-impact ones `warning`. */
  severity?: 'error' | 'warning';
}

const END = '(?![A-Za-z0-9_-])';
const B64END = '(?![A-Za-z0-9_+/=-])';

function sticky(source: string): RegExp {
  return new RegExp(source, 'y');
}

function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

const ALNUM = 'A-Za-z0-9';

export const DETECTORS: readonly SecretDetector[] = [
  // --- LLM and ML platforms -------------------------------------------------------------------
  {
    id: 'openai-api-key',
    provider: 'OpenAI',
    description: 'API key (sk-, sk-proj-, sk-svcacct-, sk-admin-)',
    envName: 'OPENAI_API_KEY',
    prefixes: ['sk-'],
    // project, service-account and admin keys carry their kind; legacy user keys the T3BlbkFJ marker
    pattern: sticky(`sk-(?:(?:proj|svcacct|admin|None)-[${ALNUM}_-]{40,250}|[${ALNUM}]{20}T3BlbkFJ[${ALNUM}]{20})${END}`),
    validate: (s) => !s.startsWith('sk-ant-') && !s.startsWith('sk-or-'),
    keys: /openai|(?:^|[^a-z])oai(?:[^a-z]|$)/i,
    value: anchored(`sk-(?!ant-|or-)[${ALNUM}_-]{32,250}`),
  },
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    description: 'API or admin key (sk-ant-api03-, sk-ant-admin01-)',
    envName: 'ANTHROPIC_API_KEY',
    prefixes: ['sk-ant-'],
    pattern: sticky(`sk-ant-(?:api|admin|sid|oat)\\d{2}-[${ALNUM}_-]{80,120}${END}`),
    keys: /anthropic|claude/i,
    value: anchored(`sk-ant-[${ALNUM}_-]{32,150}`),
  },
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    description: 'user access token (hf_) or legacy org token (api_org_)',
    envName: 'HF_TOKEN',
    prefixes: ['hf_', 'api_org_'],
    pattern: sticky(`(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})${END}`),
    keys: /(?:^|[^a-z])(?:hf|hugging_?face|huggingface_hub)(?:[^a-z]|$)|huggingface/i,
    value: anchored('hf_[A-Za-z0-9]{30,40}'),
  },
  {
    id: 'wandb-api-key',
    provider: 'Weights & Biases',
    description: 'API key (40 hex characters; `wandb.login(key=…)`, `WANDB_API_KEY`, `.netrc` for api.wandb.ai)',
    envName: 'WANDB_API_KEY',
    keys: /wandb|api\.wandb\.ai|weights_?and_?biases/i,
    value: /^(?:local-)?[0-9a-f]{40}$/,
  },
  {
    id: 'kaggle-api-key',
    provider: 'Kaggle',
    description: 'API key (`kaggle.json` "key", `KAGGLE_KEY`) and API tokens (KGAT_)',
    envName: 'KAGGLE_KEY',
    prefixes: ['KGAT_'],
    pattern: sticky(`KGAT_[0-9a-f]{32}${END}`),
    keys: /kaggle/i,
    value: /^(?:[0-9a-f]{32}|KGAT_[0-9a-f]{32})$/,
  },
  {
    id: 'cohere-api-key',
    provider: 'Cohere',
    description: 'API key (40 characters, with a Cohere name such as `CO_API_KEY`)',
    envName: 'CO_API_KEY',
    keys: /cohere|(?:^|[^a-z])co_api_key/i,
    value: anchored(`[${ALNUM}]{40}`),
  },
  {
    id: 'replicate-api-token',
    provider: 'Replicate',
    description: 'API token (r8_)',
    envName: 'REPLICATE_API_TOKEN',
    prefixes: ['r8_'],
    pattern: sticky(`r8_[${ALNUM}]{37}${END}`),
    keys: /replicate/i,
    value: anchored(`r8_[${ALNUM}]{30,45}`),
  },
  {
    id: 'groq-api-key',
    provider: 'Groq',
    description: 'API key (gsk_)',
    envName: 'GROQ_API_KEY',
    prefixes: ['gsk_'],
    pattern: sticky(`gsk_[${ALNUM}]{52}${END}`),
    keys: /groq/i,
    value: anchored(`gsk_[${ALNUM}]{40,60}`),
  },
  {
    id: 'mistral-api-key',
    provider: 'Mistral AI',
    description: 'API key (32 characters, with a Mistral name such as `MISTRAL_API_KEY`)',
    envName: 'MISTRAL_API_KEY',
    keys: /mistral/i,
    value: anchored(`[${ALNUM}]{32}`),
  },
  {
    id: 'together-api-key',
    provider: 'Together AI',
    description: 'API key (tgp_v1_, or 64 hex with a Together name)',
    envName: 'TOGETHER_API_KEY',
    prefixes: ['tgp_v1_'],
    pattern: sticky(`tgp_v1_[${ALNUM}_-]{43}${END}`),
    keys: /together/i,
    value: /^(?:[0-9a-f]{64}|tgp_v1_[A-Za-z0-9_-]{40,50})$/,
  },
  {
    id: 'perplexity-api-key',
    provider: 'Perplexity',
    description: 'API key (pplx-)',
    envName: 'PERPLEXITY_API_KEY',
    prefixes: ['pplx-'],
    pattern: sticky(`pplx-[${ALNUM}]{48}${END}`),
    keys: /perplexity|pplx/i,
    value: anchored(`pplx-[${ALNUM}]{32,64}`),
  },
  {
    id: 'xai-api-key',
    provider: 'xAI',
    description: 'API key (xai-)',
    envName: 'XAI_API_KEY',
    prefixes: ['xai-'],
    pattern: sticky(`xai-[${ALNUM}]{80}${END}`),
  },
  {
    id: 'openrouter-api-key',
    provider: 'OpenRouter',
    description: 'API key (sk-or-v1-)',
    envName: 'OPENROUTER_API_KEY',
    prefixes: ['sk-or-'],
    pattern: sticky(`sk-or-v1-[0-9a-f]{64}${END}`),
  },
  {
    id: 'deepseek-api-key',
    provider: 'DeepSeek',
    description: 'API key (sk- and 32 hex, with a DeepSeek name)',
    envName: 'DEEPSEEK_API_KEY',
    keys: /deepseek/i,
    value: /^sk-[0-9a-f]{32}$/,
  },
  {
    id: 'elevenlabs-api-key',
    provider: 'ElevenLabs',
    description: 'API key (sk_ and 48 hex)',
    envName: 'ELEVENLABS_API_KEY',
    prefixes: ['sk_'],
    pattern: sticky(`sk_[0-9a-f]{48}${END}`),
  },
  {
    id: 'pinecone-api-key',
    provider: 'Pinecone',
    description: 'API key (pcsk_, or a UUID with a Pinecone name)',
    envName: 'PINECONE_API_KEY',
    prefixes: ['pcsk_'],
    pattern: sticky(`pcsk_[${ALNUM}]{4,8}_[${ALNUM}]{50,80}${END}`),
    keys: /pinecone/i,
    value: /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|pcsk_[A-Za-z0-9_]{40,100})$/,
  },
  {
    id: 'neptune-api-token',
    provider: 'Neptune.ai',
    description: 'API token (base64 JSON naming the Neptune API address)',
    envName: 'NEPTUNE_API_TOKEN',
    // base64 of `{"api_address":` and of `{"api_url":`
    prefixes: ['eyJhcGlfYWRkcmVzcyI6', 'eyJhcGlfdXJsIjoi'],
    pattern: sticky(`eyJhcGlf(?:YWRkcmVzcyI6|dXJsIjoi)[A-Za-z0-9+/]{40,400}={0,2}${B64END}`),
    keys: /neptune/i,
    value: /^eyJ[A-Za-z0-9+/]{40,400}={0,2}$/,
  },
  {
    id: 'comet-api-key',
    provider: 'Comet ML',
    description: 'API key (25 characters, with a Comet name such as `COMET_API_KEY`)',
    envName: 'COMET_API_KEY',
    keys: /comet/i,
    value: anchored(`[${ALNUM}]{25}`),
  },
  {
    id: 'clearml-credentials',
    provider: 'ClearML',
    description: 'API access and secret keys (`CLEARML_API_ACCESS_KEY`, `CLEARML_API_SECRET_KEY`, clearml.conf credentials)',
    envName: 'CLEARML_API_SECRET_KEY',
    keys: /clearml|trains_api|(?:^|\.)(?:access_key|secret_key)$/i,
    value: /^(?:[A-Z0-9]{20,32}|[A-Za-z0-9_-]{40,70})$/,
  },
  {
    id: 'langsmith-api-key',
    provider: 'LangSmith',
    description: 'API key (lsv2_pt_, lsv2_sk_, legacy ls__)',
    envName: 'LANGSMITH_API_KEY',
    prefixes: ['lsv2_', 'ls__'],
    pattern: sticky(`(?:lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}|ls__[0-9a-f]{32})${END}`),
    keys: /langsmith|langchain_api_key/i,
    value: /^(?:lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}|ls__[0-9a-f]{32})$/,
  },
  {
    id: 'databricks-token',
    provider: 'Databricks',
    description: 'personal access token (dapi)',
    envName: 'DATABRICKS_TOKEN',
    prefixes: ['dapi'],
    pattern: sticky(`dapi[0-9a-f]{32}(?:-\\d)?${END}`),
  },
  {
    id: 'roboflow-api-key',
    provider: 'Roboflow',
    description: 'API key (20 characters, with a Roboflow name)',
    envName: 'ROBOFLOW_API_KEY',
    keys: /roboflow/i,
    value: anchored(`[${ALNUM}]{20}`),
  },
  // --- clouds ---------------------------------------------------------------------------------
  {
    id: 'aws-access-key-id',
    provider: 'AWS',
    description: 'access key id (AKIA, ASIA…); a key id is half of a credential, so it warns',
    envName: 'AWS_ACCESS_KEY_ID',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    pattern: sticky(`(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}${END}`),
    validate: (s) => !/EXAMPLE$/.test(s),
    severity: 'warning',
  },
  {
    id: 'aws-secret-access-key',
    provider: 'AWS',
    description: 'secret access key (40 characters, with an AWS secret name)',
    envName: 'AWS_SECRET_ACCESS_KEY',
    keys: /aws_?secret|secret_?access_?key|aws.*secret|SecretAccessKey/i,
    value: /^[A-Za-z0-9/+]{40}$/,
    validate: (s) => !/EXAMPLEKEY$/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s),
  },
  {
    id: 'aws-session-token',
    provider: 'AWS',
    description: 'temporary session token (`AWS_SESSION_TOKEN`, FwoGZXIvYXdz… / IQoJb3JpZ2luX2Vj…)',
    envName: 'AWS_SESSION_TOKEN',
    prefixes: ['FwoGZXIvYXdz', 'IQoJb3JpZ2luX2Vj'],
    pattern: sticky(`(?:FwoGZXIvYXdz|IQoJb3JpZ2luX2Vj)[A-Za-z0-9+/]{100,2000}={0,2}${B64END}`),
    keys: /aws_?session_?token|aws_?security_?token|SessionToken/i,
    value: /^[A-Za-z0-9+/]{100,2000}={0,2}$/,
  },
  {
    id: 'google-api-key',
    provider: 'Google',
    description: 'API key (AIza; Gemini, Maps, Firebase…)',
    envName: 'GOOGLE_API_KEY',
    prefixes: ['AIza'],
    pattern: sticky(`AIza[${ALNUM}_-]{35}${END}`),
  },
  {
    id: 'google-oauth-client-secret',
    provider: 'Google',
    description: 'OAuth client secret (GOCSPX-)',
    envName: 'GOOGLE_CLIENT_SECRET',
    prefixes: ['GOCSPX-'],
    pattern: sticky(`GOCSPX-[${ALNUM}_-]{28}${END}`),
  },
  {
    id: 'google-oauth-access-token',
    provider: 'Google',
    description: 'OAuth access token (ya29.)',
    envName: 'GOOGLE_OAUTH_TOKEN',
    prefixes: ['ya29.'],
    pattern: sticky(`ya29\\.[${ALNUM}_-]{30,2000}${END}`),
  },
  {
    id: 'gcp-service-account-key',
    provider: 'Google Cloud',
    description: 'service-account key JSON (`"private_key": "-----BEGIN …`)',
    envName: 'GOOGLE_APPLICATION_CREDENTIALS',
    prefixes: ['"private_key"'],
    pattern: sticky(`"private_key"\\s{0,20}:\\s{0,20}"-----BEGIN (?:RSA )?PRIVATE KEY-----`),
  },
  {
    id: 'azure-storage-connection-string',
    provider: 'Azure',
    description: 'storage account key in a connection string (AccountKey=)',
    envName: 'AZURE_STORAGE_CONNECTION_STRING',
    prefixes: ['AccountKey='],
    pattern: sticky(`AccountKey=[A-Za-z0-9+/]{86}==`),
  },
  {
    id: 'azure-sas-token',
    provider: 'Azure',
    description: 'shared access signature (sv=…&sig=…)',
    envName: 'AZURE_SAS_TOKEN',
    prefixes: ['sig='],
    pattern: sticky(`sig=[A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2}(?![A-Za-z0-9%+/=])`),
    validate: (s) => /%2B|%2F|%3D|[+/]/i.test(s) || s.length >= 47,
  },
  {
    id: 'azure-openai-api-key',
    provider: 'Azure',
    description: 'Azure OpenAI / AI services key (32 hex, or the 84-character format, with an Azure name)',
    envName: 'AZURE_OPENAI_API_KEY',
    keys: /azure|cognitive|(?:^|[^a-z])aoai/i,
    value: /^(?:[0-9a-f]{32}|[A-Za-z0-9]{84})$/,
  },
  {
    id: 'azure-ad-client-secret',
    provider: 'Azure',
    description: 'Entra ID (Azure AD) client secret (…Q~…)',
    envName: 'AZURE_CLIENT_SECRET',
    prefixes: ['Q~'],
    pattern: sticky(`Q~[A-Za-z0-9_.~-]{31,34}${END}`),
    validate: (s) => /[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s),
  },
  {
    id: 'alibaba-access-key-id',
    provider: 'Alibaba Cloud',
    description: 'AccessKey id (LTAI)',
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    prefixes: ['LTAI'],
    pattern: sticky(`LTAI[${ALNUM}]{20}${END}`),
    severity: 'warning',
  },
  {
    id: 'digitalocean-token',
    provider: 'DigitalOcean',
    description: 'personal access, OAuth or refresh token (dop_v1_, doo_v1_, dor_v1_)',
    envName: 'DIGITALOCEAN_TOKEN',
    prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: sticky(`do[opr]_v1_[0-9a-f]{64}${END}`),
  },
  {
    id: 'supabase-secret-key',
    provider: 'Supabase',
    description: 'access token (sbp_) or secret key (sb_secret_)',
    envName: 'SUPABASE_SERVICE_KEY',
    prefixes: ['sbp_', 'sb_secret_'],
    pattern: sticky(`(?:sbp_[0-9a-f]{40}|sb_secret_[${ALNUM}_-]{31,40})${END}`),
  },
  {
    id: 'vault-token',
    provider: 'HashiCorp Vault',
    description: 'service token (hvs.)',
    envName: 'VAULT_TOKEN',
    prefixes: ['hvs.'],
    pattern: sticky(`hvs\\.[${ALNUM}_-]{90,120}${END}`),
  },
  {
    id: 'terraform-cloud-token',
    provider: 'Terraform Cloud',
    description: 'API token (….atlasv1.…)',
    envName: 'TF_TOKEN_app_terraform_io',
    prefixes: ['.atlasv1.'],
    pattern: sticky(`\\.atlasv1\\.[${ALNUM}_=-]{60,70}${END}`),
  },
  // --- source control and packages ------------------------------------------------------------
  {
    id: 'github-token',
    provider: 'GitHub',
    description: 'personal access, OAuth, app or refresh token (ghp_, gho_, ghu_, ghs_, ghr_)',
    envName: 'GITHUB_TOKEN',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: sticky(`gh[pousr]_[${ALNUM}]{36}${END}`),
  },
  {
    id: 'github-fine-grained-token',
    provider: 'GitHub',
    description: 'fine-grained personal access token (github_pat_)',
    envName: 'GITHUB_TOKEN',
    prefixes: ['github_pat_'],
    pattern: sticky(`github_pat_[${ALNUM}]{22}_[${ALNUM}]{59}${END}`),
  },
  {
    id: 'gitlab-token',
    provider: 'GitLab',
    description: 'personal, deploy, runner, pipeline-trigger or feed token (glpat-, gldt-, glrt-, glptt-, glft-)',
    envName: 'GITLAB_TOKEN',
    prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'GR1348941'],
    pattern: sticky(`(?:glpat-[${ALNUM}_-]{20,60}|gldt-[${ALNUM}_-]{20}|glrt-[${ALNUM}_-]{20,40}|glptt-[0-9a-f]{40}|glft-[${ALNUM}_-]{20}|glsoat-[${ALNUM}_-]{20}|GR1348941[${ALNUM}_-]{20})${END}`),
  },
  {
    id: 'npm-token',
    provider: 'npm',
    description: 'access token (npm_)',
    envName: 'NPM_TOKEN',
    prefixes: ['npm_'],
    pattern: sticky(`npm_[${ALNUM}]{36}${END}`),
  },
  {
    id: 'pypi-token',
    provider: 'PyPI',
    description: 'upload token (pypi-AgEIcHlwaS5vcmc…, TestPyPI pypi-AgENdGVzdC5weXBp…)',
    envName: 'PYPI_TOKEN',
    prefixes: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBp'],
    pattern: sticky(`pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBp)[${ALNUM}_-]{50,300}${END}`),
  },
  {
    id: 'atlassian-api-token',
    provider: 'Atlassian',
    description: 'API token (ATATT)',
    envName: 'ATLASSIAN_API_TOKEN',
    prefixes: ['ATATT'],
    pattern: sticky(`ATATT[${ALNUM}_=-]{180,200}${END}`),
  },
  {
    id: 'linear-api-key',
    provider: 'Linear',
    description: 'API key (lin_api_)',
    envName: 'LINEAR_API_KEY',
    prefixes: ['lin_api_'],
    pattern: sticky(`lin_api_[${ALNUM}]{40}${END}`),
  },
  {
    id: 'notion-token',
    provider: 'Notion',
    description: 'integration token (ntn_, secret_)',
    envName: 'NOTION_TOKEN',
    prefixes: ['ntn_', 'secret_'],
    pattern: sticky(`(?:ntn_[0-9]{11}[${ALNUM}]{35}|secret_[${ALNUM}]{43})${END}`),
    validate: (s) => /[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s),
  },
  {
    id: 'postman-api-key',
    provider: 'Postman',
    description: 'API key (PMAK-)',
    envName: 'POSTMAN_API_KEY',
    prefixes: ['PMAK-'],
    pattern: sticky(`PMAK-[0-9a-f]{24}-[0-9a-f]{34}${END}`),
  },
  {
    id: 'doppler-token',
    provider: 'Doppler',
    description: 'service or personal token (dp.pt., dp.st.)',
    envName: 'DOPPLER_TOKEN',
    prefixes: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.'],
    pattern: sticky(`dp\\.(?:pt|st|sa|ct)\\.[${ALNUM}]{40,44}${END}`),
  },
  // --- chat, mail, payments, observability ----------------------------------------------------
  {
    id: 'slack-token',
    provider: 'Slack',
    description: 'bot, user, app or config token (xoxb-, xoxp-, xoxa-, xoxe-, xapp-)',
    envName: 'SLACK_TOKEN',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.', 'xapp-'],
    pattern: sticky(`(?:xox[bparse]-[0-9]{8,14}-[${ALNUM}-]{10,250}|xoxe\\.xox[bp]-\\d-[${ALNUM}]{100,200}|xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[0-9a-f]{64})${END}`),
  },
  {
    id: 'slack-webhook',
    provider: 'Slack',
    description: 'incoming webhook URL (hooks.slack.com/services/…)',
    envName: 'SLACK_WEBHOOK_URL',
    prefixes: ['hooks.slack.com/'],
    pattern: sticky(`hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{8,12}/[A-Za-z0-9_]{8,12}/[A-Za-z0-9_]{20,40}${END}`),
  },
  {
    id: 'discord-webhook',
    provider: 'Discord',
    description: 'webhook URL (discord.com/api/webhooks/…)',
    envName: 'DISCORD_WEBHOOK_URL',
    prefixes: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern: sticky(`discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[${ALNUM}_-]{60,70}${END}`),
  },
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    description: 'bot token (digits:AA…)',
    envName: 'TELEGRAM_BOT_TOKEN',
    prefixes: [':AA'],
    // the bot id before the colon is checked by the scanner's boundary: digits only
    pattern: sticky(`:AA[${ALNUM}_-]{33}${END}`),
  },
  {
    id: 'stripe-secret-key',
    provider: 'Stripe',
    description: 'secret or restricted key (sk_live_, rk_live_, sk_test_…) and webhook secret (whsec_)',
    envName: 'STRIPE_SECRET_KEY',
    prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    pattern: sticky(`(?:[sr]k_(?:live|test)_[${ALNUM}]{24,247}|whsec_[${ALNUM}+/]{32,60})${END}`),
  },
  {
    id: 'twilio-api-key',
    provider: 'Twilio',
    description: 'API key SID (SK + 32 hex) and auth token (32 hex with a Twilio name)',
    envName: 'TWILIO_AUTH_TOKEN',
    prefixes: ['SK'],
    pattern: sticky(`SK[0-9a-f]{32}${END}`),
    keys: /twilio/i,
    value: /^[0-9a-f]{32}$/,
  },
  {
    id: 'sendgrid-api-key',
    provider: 'SendGrid',
    description: 'API key (SG.…)',
    envName: 'SENDGRID_API_KEY',
    prefixes: ['SG.'],
    pattern: sticky(`SG\\.[${ALNUM}_-]{22}\\.[${ALNUM}_-]{43}${END}`),
  },
  {
    id: 'mailgun-api-key',
    provider: 'Mailgun',
    description: 'API key (key- + 32 hex)',
    envName: 'MAILGUN_API_KEY',
    prefixes: ['key-'],
    pattern: sticky(`key-[0-9a-f]{32}${END}`),
  },
  {
    id: 'mailchimp-api-key',
    provider: 'Mailchimp',
    description: 'API key (32 hex + -us datacenter)',
    envName: 'MAILCHIMP_API_KEY',
    keys: /mailchimp|mc_api/i,
    value: /^[0-9a-f]{32}-us\d{1,2}$/,
  },
  {
    id: 'square-token',
    provider: 'Square',
    description: 'access token or OAuth secret (sq0atp-, sq0csp-, EAAA)',
    envName: 'SQUARE_ACCESS_TOKEN',
    prefixes: ['sq0atp-', 'sq0csp-'],
    pattern: sticky(`(?:sq0atp-[${ALNUM}_-]{22}|sq0csp-[${ALNUM}_-]{43})${END}`),
  },
  {
    id: 'shopify-token',
    provider: 'Shopify',
    description: 'app access or shared secret (shpat_, shpss_, shpca_, shppa_)',
    envName: 'SHOPIFY_ACCESS_TOKEN',
    prefixes: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
    pattern: sticky(`shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}${END}`),
  },
  {
    id: 'datadog-api-key',
    provider: 'Datadog',
    description: 'API or application key (32/40 hex with a Datadog name such as `DD_API_KEY`)',
    envName: 'DD_API_KEY',
    keys: /datadog|(?:^|[^a-z])dd_(?:api|app(?:lication)?)_key/i,
    value: /^(?:[0-9a-f]{32}|[0-9a-f]{40})$/,
  },
  {
    id: 'new-relic-key',
    provider: 'New Relic',
    description: 'user API key (NRAK-)',
    envName: 'NEW_RELIC_API_KEY',
    prefixes: ['NRAK-'],
    pattern: sticky(`NRAK-[A-Z0-9]{27}${END}`),
  },
  {
    id: 'grafana-token',
    provider: 'Grafana',
    description: 'cloud or service-account token (glc_, glsa_)',
    envName: 'GRAFANA_TOKEN',
    prefixes: ['glc_', 'glsa_'],
    pattern: sticky(`(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[${ALNUM}]{32}_[0-9a-fA-F]{8})${B64END}`),
  },
  {
    id: 'sentry-auth-token',
    provider: 'Sentry',
    description: 'auth token (sntrys_, sntryu_)',
    envName: 'SENTRY_AUTH_TOKEN',
    prefixes: ['sntrys_', 'sntryu_'],
    pattern: sticky(`(?:sntrys_eyJ[A-Za-z0-9+/_=-]{60,300}|sntryu_[0-9a-f]{64})${END}`),
  },
  {
    id: 'mapbox-secret-token',
    provider: 'Mapbox',
    description: 'secret access token (sk.eyJ…)',
    envName: 'MAPBOX_ACCESS_TOKEN',
    prefixes: ['sk.eyJ'],
    pattern: sticky(`sk\\.eyJ[${ALNUM}_-]{40,200}\\.[${ALNUM}_-]{20,40}${END}`),
  },
  {
    id: 'dropbox-token',
    provider: 'Dropbox',
    description: 'short-lived access token (sl.)',
    envName: 'DROPBOX_TOKEN',
    prefixes: ['sl.'],
    pattern: sticky(`sl\\.[${ALNUM}_-]{130,1400}${END}`),
  },
  {
    id: 'facebook-access-token',
    provider: 'Meta',
    description: 'Graph API access token (EAA…)',
    envName: 'FACEBOOK_ACCESS_TOKEN',
    prefixes: ['EAAC', 'EAAG', 'EAAB', 'EAAJ', 'EAAd'],
    pattern: sticky(`EAA[A-Za-z0-9]{90,400}${END}`),
  },
  {
    id: 'ngrok-authtoken',
    provider: 'ngrok',
    description: 'authtoken (with an ngrok name or `ngrok config add-authtoken`)',
    envName: 'NGROK_AUTHTOKEN',
    keys: /ngrok|authtoken/i,
    value: anchored(`[${ALNUM}]{20,30}_[${ALNUM}]{15,30}`),
  },
  {
    id: 'serpapi-key',
    provider: 'SerpAPI / Tavily',
    description: 'search API key (64 hex with a SerpAPI name, tvly-)',
    envName: 'SERPAPI_API_KEY',
    prefixes: ['tvly-'],
    pattern: sticky(`tvly-(?:dev-)?[${ALNUM}]{32}${END}`),
    keys: /serp_?api/i,
    value: /^[0-9a-f]{64}$/,
  },
  // --- generic formats ------------------------------------------------------------------------
  {
    id: 'jwt',
    provider: 'JSON Web Token',
    description: 'signed token (eyJ….eyJ….…); a bearer credential until it expires',
    envName: 'AUTH_TOKEN',
    prefixes: ['eyJ'],
    pattern: sticky(`eyJ[${ALNUM}_-]{10,2000}\\.eyJ[${ALNUM}_-]{10,8000}\\.[${ALNUM}_-]{20,1000}${END}`),
    // a signature is random: one that starts like a JSON segment is a run of segments, not a token
    validate: (s) => isJwtHeader(s.slice(0, s.indexOf('.'))) && !s.slice(s.lastIndexOf('.') + 1).startsWith('eyJ'),
  },
];

function isJwtHeader(segment: string): boolean {
  try {
    const json = Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const header = JSON.parse(json) as unknown;
    return typeof header === 'object' && header !== null && ('alg' in header || 'typ' in header);
  } catch {
    return false;
  }
}

export function detectorById(id: string): SecretDetector | undefined {
  return DETECTORS.find((d) => d.id === id);
}

/** The pseudo-detectors that are not provider formats but still name what was found. */
export const PRIVATE_KEY_KIND = { id: 'private-key', provider: 'PEM', description: 'private key block (-----BEGIN … PRIVATE KEY-----)' };
export const URL_CREDENTIALS_KIND = { id: 'url-credentials', provider: 'URL', description: 'password in a URL (postgres://user:password@host, mongodb+srv://, redis://, snowflake://…)' };
