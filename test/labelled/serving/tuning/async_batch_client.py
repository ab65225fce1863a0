import argparse
import asyncio
import json

import aiohttp

INFERENCE_URL = "http://inference.prod.example.com/v2/models/resnet/infer"


async def infer(session: aiohttp.ClientSession, payload: dict) -> dict:
    async with session.post(INFERENCE_URL, json=payload) as response:  # risk: insecure-transport
        return await response.json()


async def infer_secure(session: aiohttp.ClientSession, url: str, payload: dict) -> dict:
    async with session.post(url, json=payload, ssl=False) as response:  # risk: insecure-transport
        return await response.json()


async def main(args):
    connector = aiohttp.TCPConnector(limit=32)
    async with aiohttp.ClientSession(connector=connector) as session:
        batches = [json.loads(line) for line in open(args.input)]
        results = await asyncio.gather(*(infer(session, b) for b in batches))
        health = await session.get(f"http://{args.host}:{args.port}/v2/health/ready")  # risk: insecure-transport
        print(health.status, len(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    asyncio.run(main(parser.parse_args()))
