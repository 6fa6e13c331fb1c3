import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { MemberStack } from './member-stack';

/** CloudFormation's limit for an inline `TemplateBody`. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

/**
 * Synthesizes the member template on its own, for the StackSet's `templateBody`.
 *
 * It gets its own App with its own temporary outdir: inside `cdk synth` the CLI's outdir would
 * otherwise receive a second, stray assembly. Path metadata and version reporting are switched off
 * (and win over the CLI's context) so the template is the same however it is synthesized.
 */
export function synthesizeMemberTemplate(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'orgmfa-member-'));
  try {
    const app = new App({
      outdir,
      analyticsReporting: false,
      postCliContext: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:version-reporting': false },
    });
    const stack = new MemberStack(app, 'OrgMfaMember');
    const template = app.synth().getStackArtifact(stack.artifactId).template;
    const body = JSON.stringify(template);
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY_BYTES) {
      throw new Error(
        `the member template is ${Buffer.byteLength(body)} bytes, over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}-byte TemplateBody limit`,
      );
    }
    return body;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
