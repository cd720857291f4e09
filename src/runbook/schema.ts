// The runbook file's shape, as zod checks it before parameters are filled in (docs/runbooks.md describes every key).
import { z } from 'zod';
import { eventTypes } from '../probes/registry.js';
import { backendChoices } from '../plan/catalog.js';
import { probeDefinitions } from '../probes/probe-list.js';

/** A parameter is only ever a whole value: `port: ${port}`, never part of a text. */
export const PARAMETER_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export const parameterTypes = ['port', 'pid', 'comm', 'address', 'iface', 'number'] as const;
export const comparisons = ['below', 'at_most', 'equals', 'above', 'at_least'] as const;
export const measures = ['count', 'rate', 'sum', 'share'] as const;
export const hostChecks = ['root', 'bpf', 'btf', 'tracepoints', 'xdp'] as const;
/** What an assertion may be evaluated apart for: each host's events on their own. */
export const groupings = ['host'] as const;
export const sections = [
  'assertions',
  'probes',
  'events',
  'retransmits',
  'drops',
  'flows',
  'sessions',
  'opens',
  'xdp',
  'profile',
  'memory',
  'summary',
] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: () => `must be one of ${values.join(', ')}` });
const probeNames = probeDefinitions.map((d) => d.name) as [string, ...string[]];

const identifier = z.string({ error: () => 'must be a name' }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _');
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: () => 'must be a single value (text, a number, true or false)' });
const numberOrParameter = z.union([z.number(), z.string().regex(PARAMETER_REF, 'must be a number (or a ${parameter})')], {
  error: () => 'must be a number (or a ${parameter})',
});
const scalarList = z.array(scalar).min(1, 'must list at least one value');
const whereValue = z.union([scalar, scalarList, z.strictObject({ not: z.union([scalar, scalarList]) })], {
  error: () => 'must be a value, a list of values (any of them), or {not: value}',
});
const where = z.record(z.string(), whereValue, { error: () => 'must map field names to values' });
const eventType = oneOf(eventTypes as unknown as [string, ...string[]]);

/** The parameter types whose values are numbers, and so may declare a range. */
export const rangedTypes: readonly ParameterType[] = ['number', 'port', 'pid'];
const bound = z.number({ error: () => 'must be a number' }).finite('must be a number');
const parameter = z
  .strictObject({
    type: oneOf(parameterTypes),
    default: scalar.optional(),
    /** The least and the greatest value it takes, checked on --set and on the default. */
    min: bound.optional(),
    max: bound.optional(),
    description: z.string().optional(),
  })
  .refine((p) => (p.min === undefined && p.max === undefined) || rangedTypes.includes(p.type), {
    error: `is a range, which only parameters of type ${rangedTypes.join(', ')} take`,
    path: ['min'],
  })
  .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, { error: 'must not be below min', path: ['max'] });

const probe = z.strictObject({
  backend: oneOf(backendChoices).optional(),
  /** probectl's own filters (src/plan/filters.ts), checked by its schema once parameters are filled in. */
  filters: z.record(z.string(), scalar, { error: () => 'must map filter names to values' }).optional(),
  /** The probe's own options, their names in snake_case (exclude_dns for --exclude-dns). */
  settings: z.record(z.string(), scalar, { error: () => 'must map setting names to values' }).optional(),
});

const preflightCheck = z.union([oneOf(hostChecks), z.strictObject({ probe: oneOf(probeNames), backend: oneOf(backendChoices).optional() })], {
  error: () => `must be one of ${hostChecks.join(', ')}, or {probe: NAME}`,
});

const selection = z.strictObject({ type: eventType, where: where.optional() });

const assertion = z
  .strictObject({
    name: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a text') }).min(1, 'must not be empty'),
    count: selection.optional(),
    rate: selection.optional(),
    sum: selection.extend({ field: z.string({ error: () => 'must name a numeric field' }) }).optional(),
    share: z.strictObject({ type: eventType, field: z.string().optional(), where: where, of: where.optional() }).optional(),
    by: z.union([identifier, z.array(identifier).min(1)], { error: () => 'must be a field name or a list of them' }).optional(),
    per: z
      .enum(groupings, { error: () => 'must be host (the assertion checked on each host apart); leave it out to check it over all hosts together' })
      .optional(),
    below: numberOrParameter.optional(),
    at_most: numberOrParameter.optional(),
    equals: numberOrParameter.optional(),
    above: numberOrParameter.optional(),
    at_least: numberOrParameter.optional(),
    severity: oneOf(['check', 'alert'] as const).default('check'),
    message: z.string().min(1, 'must not be empty').optional(),
  })
  .superRefine((a, ctx) => {
    const given = measures.filter((m) => a[m] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `must give exactly one of ${measures.join(', ')} (it gives ${given.length === 0 ? 'none' : given.join(' and ')})`,
      });
    const compared = comparisons.filter((c) => a[c] !== undefined);
    if (compared.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `must give exactly one comparison of ${comparisons.join(', ')} (it gives ${compared.length === 0 ? 'none' : compared.join(' and ')})`,
      });
    if (a.share !== undefined && a.by !== undefined) ctx.addIssue({ code: 'custom', path: ['by'], message: 'cannot split a share by key' });
  });

export const runbookSchema = z.strictObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a text') })
    .regex(/^[A-Za-z0-9_.-]+$/, 'may hold only letters, digits and _ . -'),
  description: z.string().optional(),
  parameters: z.record(identifier, parameter).default({}),
  preflight: z.array(preflightCheck).default([]),
  probes: z
    .partialRecord(z.enum(probeNames, { error: () => `is not a probe (probes: ${probeNames.join(', ')})` }), probe)
    .refine((p) => Object.keys(p).length > 0, 'must name at least one probe'),
  /** Seconds the probes run once all are ready. */
  duration: z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number of seconds') })
    .positive('must be a positive number of seconds')
    .max(86_400, 'must be at most 86400 seconds'),
  assertions: z.array(assertion).min(1, 'must hold at least one assertion'),
  print: z.array(oneOf(sections)).default(['assertions']),
});

export type RunbookDocument = z.infer<typeof runbookSchema>;
export type AssertionDocument = RunbookDocument['assertions'][number];
export type WhereDocument = z.infer<typeof where>;
export type Comparison = (typeof comparisons)[number];
export type Measure = (typeof measures)[number];
export type ParameterType = (typeof parameterTypes)[number];
export type HostCheck = (typeof hostChecks)[number];
export type Section = (typeof sections)[number];
export type Grouping = (typeof groupings)[number];
