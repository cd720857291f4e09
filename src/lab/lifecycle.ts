// lab up and lab down: build the lab from steps (undone on failure), and remove all of it.
import { ProbectlError } from '../core/errors.js';
import { withLabLock } from './lock.js';
import { lossSteps, removeLoss } from './loss.js';
import { networkSteps, removeNetwork } from './network.js';
import { checkLabOptions, labUpOptionsSchema, type LabUpOptions } from './options.js';
import { checkLabPrerequisites } from './preflight.js';
import { runSteps, type Step } from './steps.js';
import { describeLab, type LabDescription } from './topology.js';

/** Every step of `lab up`, in order. */
export const labSteps = (lossPercent: number): Step[] => [...networkSteps(), ...lossSteps(lossPercent)];

export interface LabUpResult extends LabDescription {
  /** True when a lab (or part of one) was there before and was removed first. */
  recreated: boolean;
}

/** Makes the lab, replacing any lab already there. On failure, or when `signal` aborts, removes what it made and throws. */
export async function labUp(options: LabUpOptions = {}, signal?: AbortSignal): Promise<LabUpResult> {
  const { loss } = checkLabOptions(labUpOptionsSchema, options);
  await checkLabPrerequisites();
  return withLabLock(async () => {
    const removed = await removeLab();
    await runSteps(labSteps(loss), signal);
    return { ...describeLab(loss), recreated: removed.length > 0 };
  });
}

export interface LabDownResult {
  /** What was removed ("namespace pctl-a", ...); empty when there was no lab. */
  removed: string[];
}

/** Removes the lab's nftables table, veth pair and namespaces, whichever exist. */
export async function labDown(): Promise<LabDownResult> {
  await checkLabPrerequisites();
  return withLabLock(async () => ({ removed: await removeLab() }));
}

async function removeLab(): Promise<string[]> {
  try {
    return [...(await removeLoss()), ...(await removeNetwork())];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProbectlError(
      'LAB',
      `could not remove the lab: ${reason}`,
      'Remove it by hand: ip netns del pctl-a; ip netns del pctl-b (that takes the veth and the nftables table too).',
      { cause: error },
    );
  }
}
