// Recipe files: JSON, validated on read (a file of a newer version is refused by name), written durably.
import { readFile } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import { RECIPE_VERSION, recipeSchema, type Recipe } from '../../common/recipe.js';
import { writeDurably } from '../durableFile.js';

export async function readRecipe(path: string): Promise<Recipe> {
  let data: { version?: unknown } | undefined;
  try {
    data = JSON.parse(await readFile(path, 'utf8')) as { version?: unknown };
  } catch (error) {
    throw new VoxbenchError('BadRecipe', `${path} is not a readable JSON recipe: ${(error as Error).message}`);
  }
  if (typeof data?.version === 'number' && data.version > RECIPE_VERSION) {
    throw new VoxbenchError('RecipeTooNew', `${path} is recipe version ${data.version}; this Voxbench reads up to ${RECIPE_VERSION}.`);
  }
  const parsed = recipeSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VoxbenchError('BadRecipe', `${path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

export function writeRecipe(path: string, recipe: Recipe): Promise<void> {
  return writeDurably(path, `${JSON.stringify(recipeSchema.parse(recipe), null, 1)}\n`, 0o644);
}
