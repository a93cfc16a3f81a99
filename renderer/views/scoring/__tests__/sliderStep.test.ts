import { describe, expect, it } from 'vitest';
import { sliderStep } from '../WhatIfPanel';

describe('sliderStep', () => {
  it('takes about a hundred steps across the range, a power of ten', () => {
    expect(sliderStep(4.3, 7.9)).toBeCloseTo(0.01);
    expect(sliderStep(0, 1000)).toBe(10);
    expect(sliderStep(2, 2)).toBe(1);
  });
});
