/**
 * A nested model choice (a stream of a mid-fusion model, a multi-task backbone): a registered
 * family id and its config, validated against that family's own schema. Pure zod over the
 * registry; ../streams.ts builds such a choice as part of a larger model.
 */
import { z } from 'zod';
import { listModelFamilies } from '../registry.js';

/** Fields of a nested model choice: a registered family id and its config. */
export const familyRefFields = {
  family: z.string().min(1),
  config: z.record(z.string(), z.unknown()).default({}),
};

/** Zod refinement: the family exists and the config is valid for it (issues under `family` / `config.*`). */
export function checkFamilyRef(ref: { family: string; config: Record<string, unknown> }, ctx: z.RefinementCtx): void {
  const family = listModelFamilies().find((f) => f.id === ref.family);
  if (!family) {
    const known = listModelFamilies().map((f) => f.id).join(', ');
    ctx.addIssue({ code: 'custom', path: ['family'], message: `unknown model family "${ref.family}"; known: ${known}` });
    return;
  }
  const r = family.configSchema.safeParse(ref.config);
  if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['config', ...i.path], message: `${family.id}: ${i.message}` });
}

/** A nested model choice, validated against the nested family's own config schema. */
export const familyRefSchema = z.object(familyRefFields).strict().superRefine(checkFamilyRef);
/** A family id and its raw config. */
export type FamilyRef = z.output<typeof familyRefSchema>;
