// Sidekiqs against the built server: the error codes survive Next's bundling (an error class seen
// by `instanceof` in vitest answered 500 in production once), and the instructions reach the model.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { chatBody } from "../support/http-client";
import { readChunks } from "../support/ui-stream";
import { useApp } from "./helpers/app";

const t = useApp();
type Created = { id: string };

describe("Sidekiqs (built server)", () => {
  beforeEach(() => t.fake.reset());

  it("injects the instructions, answers 404 for a Sidekiq the caller may not use, 400 for another thread's, 410 once it is gone, and 403 for a user who may not edit", async () => {
    const ada = await t.client.signUp("Ada");
    const bob = await t.client.signUp("Bob");
    const created = await t.client.mutate<Created>(ada, "sidekiqs.create", { name: "Hook", instructions: "Talk like a pirate.", visibility: "public" });
    const sidekiqId = created.data!.id;

    const body = { ...chatBody("ahoy"), sidekiqId };
    const res = await t.client.chat(ada, body);
    expect(res.status).toBe(200);
    await readChunks(res);
    const sent = t.fake.requests.find((r) => r.stream)!;
    expect(sent.messages[0]).toMatchObject({ role: "system", content: "Talk like a pirate." });

    const secret = (await t.client.mutate<Created>(ada, "sidekiqs.create", { name: "Secret" })).data!.id;
    const refused = await t.client.chat(bob, { ...chatBody("let me in"), sidekiqId: secret });
    expect(refused.status).toBe(404);
    expect((await t.client.query(bob, "sidekiqs.get", { sidekiqId: secret })).error?.data.code).toBe("NOT_FOUND");
    expect((await t.client.chat(ada, { ...chatBody("x"), threadId: body.threadId, sidekiqId: secret })).status).toBe(400);

    const edit = await t.client.mutate(bob, "sidekiqs.update", { sidekiqId, name: "Mine" });
    expect(edit.error?.data.code).toBe("FORBIDDEN");
    expect(edit.error?.message).toMatch(/author/);
    const bad = await t.client.mutate(ada, "sidekiqs.create", { name: "x".repeat(81) });
    expect(bad.error?.data.code).toBe("BAD_REQUEST");

    await t.client.mutate(ada, "sidekiqs.delete", { sidekiqId });
    const gone = await t.client.chat(ada, { ...chatBody("still?"), threadId: body.threadId });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("SIDEKIQ_UNAVAILABLE");
    expect(t.fake.requests.filter((r) => r.stream)).toHaveLength(1);
    expect((await t.client.query(ada, "sidekiqs.get", { sidekiqId: randomUUID() })).error?.data.code).toBe("NOT_FOUND");
  });
});
