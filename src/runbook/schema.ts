// The runbook file's shape, as zod checks it before parameters are filled in (docs/runbooks.md describes every key).
import * as z from '../events/zod.js';
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

const identifier = z.string({ error: () => 'must be a name' }).check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _'));
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: () => 'must be a single value (text, a number, true or false)' });
const numberOrParameter = z.union([z.number(), z.string().check(z.regex(PARAMETER_REF, 'must be a number (or a ${parameter})'))], {
  error: () => 'must be a number (or a ${parameter})',
});
const scalarList = z.array(scalar).check(z.minLength(1, 'must list at least one value'));
const whereValue = z.union([scalar, scalarList, z.strictObject({ not: z.union([scalar, scalarList]) })], {
  error: () => 'must be a value, a list of values (any of them), or {not: value}',
});
const where = z.record(z.string(), whereValue, { error: () => 'must map field names to values' });
const eventType = oneOf(eventTypes as unknown as [string, ...string[]]);

/** The parameter types whose values are numbers, and so may declare a range. */
export const rangedTypes: readonly ParameterType[] = ['number', 'port', 'pid'];
const bound = z.number({ error: () => 'must be a number' });
const parameter = z
  .strictObject({
    type: oneOf(parameterTypes),
    default: z.optional(scalar),
    /** The least and the greatest value it takes, checked on --set and on the default. */
    min: z.optional(bound),
    max: z.optional(bound),
    description: z.optional(z.string()),
  })
  .check(
    z.refine((p) => (p.min === undefined && p.max === undefined) || rangedTypes.includes(p.type), {
      error: `is a range, which only parameters of type ${rangedTypes.join(', ')} take`,
      path: ['min'],
    }),
    z.refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, { error: 'must not be below min', path: ['max'] }),
  );

const probe = z.strictObject({
  backend: z.optional(oneOf(backendChoices)),
  /** probectl's own filters (src/plan/filters.ts), checked by its schema once parameters are filled in. */
  filters: z.optional(z.record(z.string(), scalar, { error: () => 'must map filter names to values' })),
  /** The probe's own options, their names in snake_case (exclude_dns for --exclude-dns). */
  settings: z.optional(z.record(z.string(), scalar, { error: () => 'must map setting names to values' })),
});

const preflightCheck = z.union([oneOf(hostChecks), z.strictObject({ probe: oneOf(probeNames), backend: z.optional(oneOf(backendChoices)) })], {
  error: () => `must be one of ${hostChecks.join(', ')}, or {probe: NAME}`,
});

const selection = z.strictObject({ type: eventType, where: z.optional(where) });

const assertion = z
  .strictObject({
    name: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a text') }).check(z.minLength(1, 'must not be empty')),
    count: z.optional(selection),
    rate: z.optional(selection),
    sum: z.optional(z.extend(selection, { field: z.string({ error: () => 'must name a numeric field' }) })),
    share: z.optional(z.strictObject({ type: eventType, field: z.optional(z.string()), where: where, of: z.optional(where) })),
    by: z.optional(z.union([identifier, z.array(identifier).check(z.minLength(1))], { error: () => 'must be a field name or a list of them' })),
    per: z.optional(
      z.enum(groupings, { error: () => 'must be host (the assertion checked on each host apart); leave it out to check it over all hosts together' }),
    ),
    below: z.optional(numberOrParameter),
    at_most: z.optional(numberOrParameter),
    equals: z.optional(numberOrParameter),
    above: z.optional(numberOrParameter),
    at_least: z.optional(numberOrParameter),
    severity: z._default(oneOf(['check', 'alert'] as const), 'check'),
    message: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  })
  .check(
    z.superRefine((a, ctx) => {
      const given = measures.filter((m) => a[m] !== undefined);
      if (given.length !== 1)
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          message: `must give exactly one of ${measures.join(', ')} (it gives ${given.length === 0 ? 'none' : given.join(' and ')})`,
        });
      const compared = comparisons.filter((c) => a[c] !== undefined);
      if (compared.length !== 1)
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          message: `must give exactly one comparison of ${comparisons.join(', ')} (it gives ${compared.length === 0 ? 'none' : compared.join(' and ')})`,
        });
      if (a.share !== undefined && a.by !== undefined)
        ctx.issues.push({ code: 'custom', input: ctx.value, path: ['by'], message: 'cannot split a share by key' });
    }),
  );

export const runbookSchema = z.strictObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a text') })
    .check(z.regex(/^[A-Za-z0-9_.-]+$/, 'may hold only letters, digits and _ . -')),
  description: z.optional(z.string()),
  parameters: z._default(z.record(identifier, parameter), {}),
  preflight: z._default(z.array(preflightCheck), []),
  probes: z
    .partialRecord(z.enum(probeNames, { error: () => `is not a probe (probes: ${probeNames.join(', ')})` }), probe)
    .check(z.refine((p) => Object.keys(p).length > 0, 'must name at least one probe')),
  /** Seconds the probes run once all are ready. */
  duration: z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number of seconds') })
    .check(z.positive('must be a positive number of seconds'), z.lte(86_400, 'must be at most 86400 seconds')),
  assertions: z.array(assertion).check(z.minLength(1, 'must hold at least one assertion')),
  print: z._default(z.array(oneOf(sections)), ['assertions']),
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
