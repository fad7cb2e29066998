"""A real MCP client (the `mcp` package from PyPI) driving `socialflow mcp`.

Used by apps/server/tests/it/mcp.rs. Modes:

  stdio BIN     starts `BIN mcp` over stdio (its environment, with the
                token in SOCIALFLOW_MCP_TOKEN, is this process's), lists the
                tools, uploads a file, creates a draft, schedules it, and
                tries a few refused calls.
  peek BIN ID   as another user: lists accounts, tries to read and
                cancel the post ID.
  http URL      connects over streamable HTTP with the token in
                SOCIALFLOW_MCP_TOKEN as a bearer header and lists the tools.

Prints one JSON object on the last line of standard output.
"""

import asyncio
import datetime
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def result_of(r):
    """The tool result as JSON: structured content, or the error text."""
    text = "".join(getattr(c, "text", "") for c in r.content)
    return {"is_error": bool(r.is_error), "data": r.structured_content, "text": text}


async def stdio(binary: str) -> dict:
    params = StdioServerParameters(command=binary, args=["mcp"], env=dict(os.environ))
    out = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            out["tools"] = sorted(t.name for t in tools.tools)
            out["schemas"] = {t.name: t.input_schema for t in tools.tools}

            accounts = result_of(await session.call_tool("list_accounts", {}))
            out["accounts"] = accounts
            account_id = accounts["data"]["accounts"][0]["id"]

            upload = result_of(
                await session.call_tool("upload_media_from_url", {"source": "portrait-4x5.jpg"})
            )
            out["upload"] = upload
            media_id = upload["data"]["id"]

            draft = result_of(
                await session.call_tool(
                    "create_post",
                    {
                        "account_id": account_id,
                        "kind": "post",
                        "media_ids": [media_id],
                        "caption": "Scheduled by an assistant",
                    },
                )
            )
            out["draft"] = draft
            post_id = draft["data"]["post"]["id"]

            when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2)
            when = when.replace(microsecond=0)
            out["scheduled_for"] = when.isoformat()
            out["scheduled"] = result_of(
                await session.call_tool(
                    "schedule_post", {"post_id": post_id, "scheduled_at": when.isoformat()}
                )
            )

            # Refusals come back as tool errors in the user's language.
            out["past"] = result_of(
                await session.call_tool(
                    "reschedule_post",
                    {"post_id": post_id, "scheduled_at": "2001-01-01T10:00:00+00:00"},
                )
            )
            out["missing"] = result_of(
                await session.call_tool(
                    "get_post", {"post_id": "00000000-0000-7000-8000-000000000000"}
                )
            )
            out["private_url"] = result_of(
                await session.call_tool(
                    "upload_media_from_url", {"source": "http://127.0.0.1:9/a.jpg"}
                )
            )
            out["outside_dir"] = result_of(
                await session.call_tool("upload_media_from_url", {"source": "../../etc/passwd"})
            )
            out["post"] = result_of(await session.call_tool("get_post", {"post_id": post_id}))
            out["listed"] = result_of(
                await session.call_tool("list_posts", {"states": ["scheduled"]})
            )
            out["bad_state"] = result_of(
                await session.call_tool("list_posts", {"states": ["bogus"]})
            )
            out["summary"] = result_of(
                await session.call_tool("analytics_summary", {"account_id": account_id})
            )
            out["best"] = result_of(
                await session.call_tool("best_times", {"account_id": account_id})
            )
            out["comments"] = result_of(
                await session.call_tool("list_unanswered_comments", {"account_id": account_id})
            )
            out["reply_missing"] = result_of(
                await session.call_tool(
                    "reply_to_comment", {"comment_id": "17890000000000000", "message": "Thanks!"}
                )
            )
            out["post_id"] = post_id
    return out


async def peek(binary: str, post_id: str) -> dict:
    params = StdioServerParameters(command=binary, args=["mcp"], env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return {
                "accounts": result_of(await session.call_tool("list_accounts", {})),
                "get": result_of(await session.call_tool("get_post", {"post_id": post_id})),
                "cancel": result_of(await session.call_tool("cancel_post", {"post_id": post_id})),
            }


async def http(url: str) -> dict:
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    token = os.environ["SOCIALFLOW_MCP_TOKEN"]
    client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    out = {}
    async with client:
        async with streamable_http_client(url, http_client=client) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = await session.list_tools()
                out["tools"] = sorted(t.name for t in tools.tools)
                out["accounts"] = result_of(await session.call_tool("list_accounts", {}))
    return out


def main() -> None:
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "stdio":
        out = asyncio.run(stdio(target))
    elif mode == "peek":
        out = asyncio.run(peek(target, sys.argv[3]))
    else:
        out = asyncio.run(http(target))
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
