/**
 * Import files an attacker would send, made quickly: zips whose entry zlib deflates as it is made
 * (a 1.1 GB entry in a few seconds, never held whole), and ChatGPT exports of many conversations.
 */
import { randomUUID } from "node:crypto";
import zlib from "node:zlib";

/** One entry, deflated from `pieces` (each written `times` over), wrapped as a zip file. */
export async function zipOf(name: string, pieces: { bytes: Buffer; times?: number }[]): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  let crc = 0;
  let size = 0;
  for (const { bytes, times = 1 } of pieces) {
    for (let i = 0; i < times; i++) {
      crc = zlib.crc32(bytes, crc);
      size += bytes.byteLength;
      if (!deflate.write(bytes)) await new Promise((r) => deflate.once("drain", r));
    }
  }
  const ended = new Promise((r) => deflate.once("end", r));
  deflate.end();
  await ended;
  const data = Buffer.concat(out);
  const file = Buffer.from(name);
  // What a local header and a central directory entry both hold, from the compression method on:
  // deflate, a 1980 date, the CRC, both sizes and the name's length.
  const entryFields = (b: Buffer, at: number) => {
    b.writeUInt16LE(8, at);
    b.writeUInt16LE(0x21, at + 4);
    b.writeUInt32LE(crc >>> 0, at + 6);
    b.writeUInt32LE(data.byteLength, at + 10);
    b.writeUInt32LE(size, at + 14);
    b.writeUInt16LE(file.byteLength, at + 18);
    return b;
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  entryFields(local, 8);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  entryFields(central, 10);
  const centralAt = local.byteLength + file.byteLength + data.byteLength;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.byteLength + file.byteLength, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

/** A small ChatGPT conversation: a question and its answer. */
export function chatGptConversation(i: number) {
  const t = 1_700_000_000 + i * 60;
  const node = (id: string, parent: string | null, children: string[], role: string | null, text: string) => ({
    id,
    parent,
    children,
    message: role ? { id, author: { role }, create_time: t, content: { content_type: "text", parts: [text] }, metadata: {}, recipient: "all" } : null,
  });
  return {
    id: `bulk-${i}-${randomUUID().slice(0, 8)}`,
    title: `Bulk conversation ${i}`,
    create_time: t,
    update_time: t + 1,
    current_node: "a",
    mapping: { root: node("root", null, ["u"], null, ""), u: node("u", "root", ["a"], "user", `Question number ${i}?`), a: node("a", "u", [], "assistant", `Answer number ${i}.`) },
  };
}

/** A ChatGPT conversations.json of `n` conversations. */
export const chatGptExport = (n: number) => Buffer.from(JSON.stringify(Array.from({ length: n }, (_, i) => chatGptConversation(i))));

/** A multipart form around one file, as a browser sends it. */
export function multipart(name: string, file: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----sidekiq${randomUUID().replace(/-/g, "")}`;
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
