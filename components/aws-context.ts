import type { IamScope } from "../domain/iam-scope.js";

/** Where the stack runs, looked up once by the composition root and handed to components. */
export interface AwsContext {
    /** The 12-digit account id. */
    readonly accountId: string;
    /** The ARN partition: aws, aws-cn or aws-us-gov. */
    readonly partition: string;
    /** The region, e.g. eu-west-1. */
    readonly region: string;
    /** DNS suffix of the partition, e.g. amazonaws.com. */
    readonly dnsSuffix: string;
    /**
     * Path and permissions boundary of every IAM role and policy the program creates; set by the
     * composition root from the project and stack. Components never read it directly: they
     * spread `scopedRoleArgs(ctx)` / `scopedPolicyArgs(ctx)` (components/iam/scope.ts).
     * @default unset: roles get no path and no boundary (unit tests of single components)
     */
    readonly iam?: IamScope;
}
