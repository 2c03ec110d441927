"use client";

import { useQuery } from "@tanstack/react-query";
import { format, parseISO } from "date-fns";
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltip, ChartTooltipContent } from "@/components/ui/chart";
import { useTRPC } from "@/trpc/client";

const chartConfig = { replies: { label: "Replies", color: "var(--brand)" }, threads: { label: "Chats", color: "var(--chart-2, #0ea5e9)" } } satisfies ChartConfig;
const fmt = (n: number) => n.toLocaleString("en-US");
const money = (n: number | null) => (n == null ? "—" : `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`);

/** What a Sidekiq's replies add up to: totals, the last 30 days as a chart, and per version. */
export function SidekiqUsage({ sidekiqId }: { sidekiqId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.sidekiqs.usage.queryOptions({ sidekiqId }));
  if (!data) return null;
  const { totals } = data;
  return (
    <div data-testid="sidekiq-usage" className="flex flex-col gap-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Chats" value={fmt(totals.threads)} />
        <Stat label="Replies" value={fmt(totals.replies)} />
        <Stat label="Tokens" value={fmt(totals.inputTokens + totals.outputTokens)} />
        <Stat label="Cost" value={money(totals.cost)} hint={totals.cost == null ? "Unknown for these models" : undefined} />
      </dl>
      <section className="rounded-2xl border bg-card p-4">
        <h2 className="mb-3 text-sm font-medium">The last 30 days</h2>
        <ChartContainer config={chartConfig} className="aspect-auto h-56 w-full" data-testid="usage-chart">
          <BarChart data={data.daily} margin={{ left: -20, right: 4 }}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="day" tickLine={false} axisLine={false} minTickGap={24} tickFormatter={(d: string) => format(parseISO(d), "MMM d")} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={40} />
            <ChartTooltip cursor={false} content={<ChartTooltipContent labelFormatter={(d) => format(parseISO(String(d)), "PP")} valueFormatter={(v) => fmt(Number(v))} />} />
            <Bar dataKey="replies" fill="var(--color-replies)" radius={3} />
            <Bar dataKey="threads" fill="var(--color-threads)" radius={3} />
          </BarChart>
        </ChartContainer>
      </section>
      <section className="overflow-x-auto rounded-2xl border bg-card">
        <table className="w-full text-sm" data-testid="usage-by-version">
          <thead className="text-left text-xs text-muted-foreground">
            <tr>
              <th className="px-4 py-2 font-medium">Version</th>
              <th className="px-4 py-2 font-medium">Chats</th>
              <th className="px-4 py-2 font-medium">Replies</th>
              <th className="px-4 py-2 font-medium">Tokens</th>
              <th className="px-4 py-2 font-medium">Cost</th>
            </tr>
          </thead>
          <tbody>
            {data.byVersion.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-muted-foreground">
                  No chats yet.
                </td>
              </tr>
            )}
            {data.byVersion.map((v) => (
              <tr key={v.version ?? 0} className="border-t">
                <td className="px-4 py-2">{v.version ?? "—"}</td>
                <td className="px-4 py-2 tabular-nums">{fmt(v.threads)}</td>
                <td className="px-4 py-2 tabular-nums">{fmt(v.replies)}</td>
                <td className="px-4 py-2 tabular-nums">{fmt(v.inputTokens + v.outputTokens)}</td>
                <td className="px-4 py-2 tabular-nums">{money(v.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-2xl border bg-card p-4">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums" title={hint}>
        {value}
      </dd>
    </div>
  );
}
