import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmtInt, fmtMoney, fmtPercent, moneySaved, percentSaved, savingsSummary, savingsText, tokensChange, tokensSaved } from '../../src/core/savings';

test('tokens, percent and money saved', () => {
  assert.equal(tokensSaved(1000, 400), 600);
  assert.equal(tokensSaved(10, 12), 0, 'a result that grew saves nothing');
  assert.equal(percentSaved(40, 17), 57.5);
  assert.equal(percentSaved(0, 0), 0);
  assert.equal(moneySaved(1_000_000, 2.5), 2.5);
  assert.equal(moneySaved(-5, 2.5), 0);
});

test('one money rule: "$0.00" for nothing, 4 decimals below a cent, else cents', () => {
  assert.equal(fmtMoney(0), '$0.00');
  assert.equal(fmtMoney(0.0085), '$0.0085');
  assert.equal(fmtMoney(0.00125), '$0.0013');
  assert.equal(fmtMoney(0.01), '$0.01');
  assert.equal(fmtMoney(2.75), '$2.75');
  assert.equal(fmtMoney(1234.5), '$1234.50');
});

test('integers and percents', () => {
  assert.equal(fmtInt(1234567.4), '1,234,567');
  assert.equal(fmtPercent(1, 3), '33%');
  assert.equal(fmtPercent(5, 0), '0%');
  assert.equal(fmtPercent(23, 40), '58%', 'exact halves round up');
});

test('savings lines', () => {
  assert.equal(tokensChange(12_400, 4100), '12,400 → 4,100 tokens (−67%)');
  assert.equal(savingsSummary('Context', 12_400, 4100), 'Context: 12,400 → 4,100 tokens (−67%)');
  assert.equal(savingsSummary('tokens', 0, 0), 'tokens: 0 → 0 tokens (−0%)');
  assert.equal(savingsSummary('1 file', 10, 11), '1 file: 10 → 11 tokens (−0%)', 'never a negative saving');
  assert.equal(savingsText(1234, 617, 2.5), '1,234 → 617 tokens (50% saved, ≈ $0.0015)');
  assert.equal(savingsText(2_000_000, 1_000_000, 2.5), '2,000,000 → 1,000,000 tokens (50% saved, ≈ $2.50)');
  assert.equal(savingsText(10, 10, 2.5), '10 → 10 tokens (0% saved, ≈ $0.00)');
});
