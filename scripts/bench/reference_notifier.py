#!/usr/bin/python3
"""Reference: the same notification written the way typical Python Slack-notifier Lambdas are.

python3 + PyMySQL + urllib, configuration from environment variables (DB_HOST, DB_PORT,
DB_USER, DB_PASSWORD, DB_NAME, WEBHOOK_URL). Does the same work as one opsnotify invocation:
parse the SNS event JSON, SELECT the row with the same query, escape the values for Slack mrkdwn
(& < >), render the same text, json.dumps, POST to the webhook, check the answer, print one JSON
log line. Usage: reference_notifier.py EVENT.json  (exit 0 delivered, 1 failed).
"""
import json
import os
import sys
import time
import urllib.request

import pymysql

QUERY = ("SELECT o.id, o.total, o.currency, o.status, c.name AS customer, c.email "
         "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = %s")
TEXT = "New order #{id} from {customer} ({email}): {total} {currency}, {status}"


def escape(v):
    return "" if v is None else str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def handler(event):
    results = []
    conn = pymysql.connect(host=os.environ["DB_HOST"], port=int(os.environ["DB_PORT"]),
                           user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"],
                           database=os.environ["DB_NAME"], charset="utf8mb4", connect_timeout=5,
                           read_timeout=12, cursorclass=pymysql.cursors.DictCursor)
    try:
        for record in event["Records"]:
            sns = record["Sns"]
            msg = json.loads(sns["Message"])
            start = time.monotonic()
            with conn.cursor() as cur:
                cur.execute(QUERY, (msg["id"],))
                row = cur.fetchone()
            if row is None:
                raise RuntimeError("row not found: %s id %s" % (msg["type"], msg["id"]))
            text = TEXT.format(**{k: escape(v) for k, v in row.items()})
            body = json.dumps({"text": text}).encode("utf-8")
            req = urllib.request.Request(os.environ["WEBHOOK_URL"], data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                if resp.status != 200:
                    raise RuntimeError("Slack answered HTTP %d" % resp.status)
                resp.read()
            print(json.dumps({"level": "INFO", "type": msg["type"], "id": str(msg["id"]),
                              "messageId": sns.get("MessageId"), "outcome": "delivered",
                              "latencyMs": int((time.monotonic() - start) * 1000)}))
            results.append("delivered")
    finally:
        conn.close()
    return {"delivered": len(results), "duplicates": 0}


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        ev = json.loads(f.read())
    try:
        print(json.dumps(handler(ev)))
    except Exception as e:  # noqa: BLE001 - report and fail like the Lambda would
        print("invocation failed: %r" % (e,), file=sys.stderr)
        sys.exit(1)
