import { splitTax } from '../taxes/tax-math';
import type { InvoiceLine } from './invoice-line';

/** What a credit note credits: its lines and the part of the booking fee given back. */
export interface Credit {
  lines: InvoiceLine[];
  fees: number;
}

/**
 * The lines a refund credits. `units` counts the refunded tickets per tier; `credited` are the lines of the
 * invoice's earlier credit notes. A line whose last units are refunded credits what is left of it, so the
 * credit notes of a line add up exactly to the invoice's line; otherwise the refunded units are taxed like the
 * invoice line was (`splitTax` of `units × unit price after discount`). The booking fee is credited only by the
 * refund that leaves nothing (`full`): what is left of it.
 */
export function creditFor(
  invoice: { lines: InvoiceLine[]; fees: number },
  credited: Credit[],
  units: Map<string, number>,
  full: boolean,
): Credit {
  const lines: InvoiceLine[] = [];
  for (const line of invoice.lines) {
    const wanted = full ? Number.MAX_SAFE_INTEGER : (units.get(line.tierId) ?? 0);
    const before = credited.flatMap((c) => c.lines).filter((l) => l.tierId === line.tierId);
    const left = {
      quantity: line.quantity - sum(before, 'quantity'),
      net: line.net - sum(before, 'net'),
      tax: line.tax - sum(before, 'tax'),
      gross: line.gross - sum(before, 'gross'),
    };
    const quantity = Math.min(wanted, left.quantity);
    if (quantity <= 0) continue;
    const split =
      quantity === left.quantity
        ? { net: left.net, tax: left.tax, gross: left.gross }
        : splitTax(quantity * (line.unitPrice - line.unitDiscount), line.taxRateBps, line.taxMode);
    lines.push({ ...line, quantity, ...split });
  }
  const fees = full ? invoice.fees - credited.reduce((s, c) => s + c.fees, 0) : 0;
  return { lines, fees };
}

function sum(lines: InvoiceLine[], key: 'quantity' | 'net' | 'tax' | 'gross'): number {
  return lines.reduce((s, l) => s + l[key], 0);
}
