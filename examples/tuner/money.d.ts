// Types of money.js for the TypeScript tests.
export interface Discount {
  kind: 'percent' | 'fixed';
  value: number;
}
export interface MoneyInputs {
  aov: number;
  margin: number;
  lift: number;
}
export const PER_SESSIONS: 1000;
export function discountValue(aov: number, discount: Discount): number;
export interface MoneyTierFigures {
  id: string;
  offered: number;
  boughtAnyway: number;
  discount: number;
  cost: number;
  extraOrders: number;
  extraMargin: number;
  marginPerLift: number;
}
export function moneyPer1000(
  shares: {
    tiers: { id: string; offered: number; boughtAnyway: number; discount: Discount }[];
    total: { buyersOffered: number };
  },
  inputs: MoneyInputs,
): {
  tiers: MoneyTierFigures[];
  total: {
    offered: number;
    boughtAnyway: number;
    buyersShare: number;
    cost: number;
    extraOrders: number;
    extraMargin: number;
    net: number;
    breakEvenLift: number | null;
  };
};
export function moneyProblems(inputs: MoneyInputs & { discounts: { id: string; discount: Discount }[] }): string[];
export function amount(x: number): string;
export function count(x: number): string;
export function points(x: number): string;
