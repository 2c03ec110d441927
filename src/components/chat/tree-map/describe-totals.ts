import type { Totals } from "./segments";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const usd = (n: number) => (n === 0 ? "$0" : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`);

/** "12 messages · 3.4K tokens · $0.02" */
export function describeTotals(t: Totals): string {
  return `${t.messages} ${t.messages === 1 ? "message" : "messages"} · ${compact.format(t.tokens)} tokens · ${usd(t.cost)}`;
}
