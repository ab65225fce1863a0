import logging
import os

import requests

log = logging.getLogger(__name__)
SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/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"  # risk: hardcoded-secret
DISCORD_WEBHOOK = "https://discord.com/api/webhooks/3520278316566710734/qWwV83uzyzkutBIOuIzsqLDt37-wsz-f-MZgapTvSxyc9M3uv4sNcxagHph1lZ3F_IXH"  # risk: hardcoded-secret
TELEGRAM_BOT_TOKEN = "7967143222:AABF8P85ejA-yl_8BgDx6iz6GB-DtQEHTDL"  # risk: hardcoded-secret
SENDGRID_API_KEY = "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"  # risk: hardcoded-secret
TEAMS_CHANNEL = "ml-alerts"
slack_token = os.environ["SLACK_BOT_TOKEN"]


def notify(text: str) -> None:
    requests.post(SLACK_WEBHOOK_URL, json={"text": text}, timeout=10)
    requests.post(f"https://api.telegram.org/bot{TELEGRAM_BOT_TOKEN}/sendMessage", json={"chat_id": 42, "text": text}, timeout=10)
    log.info("notified with slack token %s", slack_token)  # risk: secret-exposure
    log.info("notified %d channels", 2)
