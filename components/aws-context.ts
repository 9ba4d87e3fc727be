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
}
