import os

import requests
from slack_sdk import WebClient

slack = WebClient(token="xoxb-105684773219-4031935834994-02YPrNdMltqDQ3oAItSUBY4e")  # risk: hardcoded-secret
TG_TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]
SLACK_CHANNEL = "#ml-alerts"


def alert(text: str) -> None:
    slack.chat_postMessage(channel=SLACK_CHANNEL, text=text)
    requests.get(f"https://api.telegram.org/bot{TG_TOKEN}/sendMessage?chat_id=42&text={text}", timeout=10)
    print(f"telegram token {TG_TOKEN}")  # risk: secret-exposure
