// Reads the packaging files (Dockerfile, docker-compose.yml) for the tests that check them
// and run their configuration without Docker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parse } from 'yaml';
import { repoRoot } from './fixtures.js';

/** One instruction: keyword and the text after it. */
export interface Step { keyword: string; args: string }

/** A stage of the Dockerfile: its base image, name and instructions after FROM. */
export interface Stage { image: string; name: string | null; steps: Step[] }

export const dockerfileText = (): string => readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');

/** The Dockerfile's stages, in order (the last is what `docker build .` builds). */
export function dockerStages(text = dockerfileText()): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    // The whole instruction after its keyword, flags (--from=…, --interval=…) included, continuations joined.
    const args = instruction.getTextContent().replace(/\\\r?\n/g, ' ').replace(/^\s*\S+\s*/, '');
    if (keyword === 'FROM') {
      const from = instruction as unknown as { getImage(): string | null; getBuildStage(): string | null };
      stages.push({ image: from.getImage() ?? '', name: from.getBuildStage(), steps: [] });
    } else {
      stages[stages.length - 1]?.steps.push({ keyword, args });
    }
  }
  return stages;
}

/** The exec-form arguments of a JSON instruction such as `ENTRYPOINT ["/demo", "-listen", ":6060"]`. */
export function execForm(args: string): string[] {
  return JSON.parse(args) as string[];
}

/** A compose service, as far as the tests read it. */
export interface ComposeService {
  build?: { context?: string; target?: string };
  command?: string[];
  volumes?: string[];
  ports?: string[];
  network_mode?: string;
  environment?: Record<string, string> | string[];
}

export function composeFile(): { services: Record<string, ComposeService>; volumes?: Record<string, unknown> } {
  return parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
}
