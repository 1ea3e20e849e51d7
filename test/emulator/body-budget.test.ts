/** The emulator-wide request-body budget: leases take bytes while they fit and give them all back once. */
import { describe, expect, it } from 'vitest';
import { BodyBudget } from '../../src/emulator/body-budget.js';

describe('BodyBudget', () => {
  it('takes bytes up to the limit exactly, and refuses what would exceed it without taking anything', () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    expect(a.take(60)).toBe(true);
    expect(b.take(41)).toBe(false);
    expect(b.held).toBe(0);
    expect(budget.inFlight).toBe(60);
    expect(b.take(40)).toBe(true);
    expect(budget.inFlight).toBe(100);
    expect([a.held, b.held]).toEqual([60, 40]);
    expect(a.take(1)).toBe(false);
  });

  it('a lease adds up what it takes, and release gives all of it back, once', () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    const b = budget.lease();
    a.take(10);
    a.take(15);
    b.take(30);
    expect(a.held).toBe(25);
    a.release();
    expect(a.held).toBe(0);
    expect(budget.inFlight).toBe(30);
    a.release();
    expect(budget.inFlight).toBe(30);
    b.release();
    expect(budget.inFlight).toBe(0);
  });

  it('a released lease takes nothing more', () => {
    const budget = new BodyBudget(100);
    const a = budget.lease();
    a.release();
    expect(a.take(1)).toBe(false);
    expect(budget.inFlight).toBe(0);
    expect(a.held).toBe(0);
    expect(budget.limit).toBe(100);
  });
});
