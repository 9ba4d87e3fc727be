/**
 * The commercial AWS regions this platform deploys to (every one where EKS and ELB are
 * offered), with what a deploy needs to know about each before it asks AWS: the regular
 * Availability Zones (local and Wavelength zones cannot hold EKS subnets) and the canonical
 * hosted zone ids Route 53 alias records to an ALB/CLB or an NLB in that region point at.
 *
 * As of 2026-12-01. Sources:
 * - ELB hosted zone ids: the "Elastic Load Balancing endpoints" table of the AWS General
 *   Reference (https://docs.aws.amazon.com/general/latest/gr/elb.html#elb_region), as
 *   maintained in terraform-provider-aws `internal/service/elbv2/hosted_zone_id_data_source.go`
 *   (`hostedZoneIDPerRegionALBMap` / `hostedZoneIDPerRegionNLBMap`), the table behind
 *   `aws.lb.getHostedZoneId`, which the program calls.
 * - AZ ids: "AWS Availability Zones" of the AWS Regions and Availability Zones guide
 *   (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html):
 *   the zones `ec2:DescribeAvailabilityZones` returns to an account with opt-in-not-required
 *   zones only. In the oldest regions the name -> id mapping (us-east-1a -> use1-az?) differs
 *   per account; the ids and their count do not, and the count is what a config can use.
 *
 * Not listed (the program refuses them as `aws:region` until they are added with their sources):
 * ap-east-2 (Taipei) and ap-southeast-6 (New Zealand), whose ELB hosted zone ids the maintained
 * table above does not carry yet; China and GovCloud partitions, which this platform does not target.
 */

export const REGIONS_AS_OF = "2026-12-01";

export interface RegionFacts {
    /** AZ ids (`use1-az1`), the same physical zone in every account. */
    readonly zoneIds: readonly string[];
    /** Canonical hosted zone id of Application and Classic Load Balancers in the region. */
    readonly albHostedZoneId: string;
    /** Canonical hosted zone id of Network Load Balancers in the region. */
    readonly nlbHostedZoneId: string;
}

const zones = (prefix: string, ...numbers: number[]) => numbers.map((n) => `${prefix}-az${n}`);

export const REGIONS: Readonly<Record<string, RegionFacts>> = {
    "af-south-1": { zoneIds: zones("afs1", 1, 2, 3), albHostedZoneId: "Z268VQBMOI5EKX", nlbHostedZoneId: "Z203XCE67M25HM" },
    "ap-east-1": { zoneIds: zones("ape1", 1, 2, 3), albHostedZoneId: "Z3DQVH9N71FHZ0", nlbHostedZoneId: "Z12Y7K3UBGUAD1" },
    "ap-northeast-1": { zoneIds: zones("apne1", 1, 2, 4), albHostedZoneId: "Z14GRHDCWA56QT", nlbHostedZoneId: "Z31USIVHYNEOWT" },
    "ap-northeast-2": { zoneIds: zones("apne2", 1, 2, 3, 4), albHostedZoneId: "ZWKZPGTI48KDX", nlbHostedZoneId: "ZIBE1TIR4HY56" },
    "ap-northeast-3": { zoneIds: zones("apne3", 1, 2, 3), albHostedZoneId: "Z5LXEXXYW11ES", nlbHostedZoneId: "Z1GWIQ4HH19I5X" },
    "ap-south-1": { zoneIds: zones("aps1", 1, 2, 3), albHostedZoneId: "ZP97RAFLXTNZK", nlbHostedZoneId: "ZVDDRBQ08TROA" },
    "ap-south-2": { zoneIds: zones("aps2", 1, 2, 3), albHostedZoneId: "Z0173938T07WNTVAEPZN", nlbHostedZoneId: "Z0711778386UTO08407HT" },
    "ap-southeast-1": { zoneIds: zones("apse1", 1, 2, 3), albHostedZoneId: "Z1LMS91P8CMLE5", nlbHostedZoneId: "ZKVM4W9LS7TM" },
    "ap-southeast-2": { zoneIds: zones("apse2", 1, 2, 3), albHostedZoneId: "Z1GM3OXH4ZPM65", nlbHostedZoneId: "ZCT6FZBF4DROD" },
    "ap-southeast-3": { zoneIds: zones("apse3", 1, 2, 3), albHostedZoneId: "Z08888821HLRG5A9ZRTER", nlbHostedZoneId: "Z01971771FYVNCOVWJU1G" },
    "ap-southeast-4": { zoneIds: zones("apse4", 1, 2, 3), albHostedZoneId: "Z09517862IB2WZLPXG76F", nlbHostedZoneId: "Z01156963G8MIIL7X90IV" },
    "ap-southeast-5": { zoneIds: zones("apse5", 1, 2, 3), albHostedZoneId: "Z06010284QMVVW7WO5J", nlbHostedZoneId: "Z026317210H9ACVTRO6FB" },
    "ap-southeast-7": { zoneIds: zones("apse7", 1, 2, 3), albHostedZoneId: "Z0390008CMBRTHFGWBCB", nlbHostedZoneId: "Z054363131YWATEMWRG5L" },
    "ca-central-1": { zoneIds: zones("cac1", 1, 2, 4), albHostedZoneId: "ZQSVJUPU6J1EY", nlbHostedZoneId: "Z2EPGBW3API2WT" },
    "ca-west-1": { zoneIds: zones("caw1", 1, 2, 3), albHostedZoneId: "Z06473681N0SF6OS049SD", nlbHostedZoneId: "Z02754302KBB00W2LKWZ9" },
    "eu-central-1": { zoneIds: zones("euc1", 1, 2, 3), albHostedZoneId: "Z215JYRZR1TBD5", nlbHostedZoneId: "Z3F0SRJ5LGBH90" },
    "eu-central-2": { zoneIds: zones("euc2", 1, 2, 3), albHostedZoneId: "Z06391101F2ZOEP8P5EB3", nlbHostedZoneId: "Z02239872DOALSIDCX66S" },
    "eu-north-1": { zoneIds: zones("eun1", 1, 2, 3), albHostedZoneId: "Z23TAZ6LKFMNIO", nlbHostedZoneId: "Z1UDT6IFJ4EJM" },
    "eu-south-1": { zoneIds: zones("eus1", 1, 2, 3), albHostedZoneId: "Z3ULH7SSC9OV64", nlbHostedZoneId: "Z23146JA1KNAFP" },
    "eu-south-2": { zoneIds: zones("eus2", 1, 2, 3), albHostedZoneId: "Z0956581394HF5D5LXGAP", nlbHostedZoneId: "Z1011216NVTVYADP1SSV" },
    "eu-west-1": { zoneIds: zones("euw1", 1, 2, 3), albHostedZoneId: "Z32O12XQLNTSW2", nlbHostedZoneId: "Z2IFOLAFXWLO4F" },
    "eu-west-2": { zoneIds: zones("euw2", 1, 2, 3), albHostedZoneId: "ZHURV8PSTC4K8", nlbHostedZoneId: "ZD4D7Y8KGAS4G" },
    "eu-west-3": { zoneIds: zones("euw3", 1, 2, 3), albHostedZoneId: "Z3Q77PNBQS71R4", nlbHostedZoneId: "Z1CMS0P5QUZ6D5" },
    "il-central-1": { zoneIds: zones("ilc1", 1, 2, 3), albHostedZoneId: "Z09170902867EHPV2DABU", nlbHostedZoneId: "Z0313266YDI6ZRHTGQY4" },
    "me-central-1": { zoneIds: zones("mec1", 1, 2, 3), albHostedZoneId: "Z08230872XQRWHG2XF6I", nlbHostedZoneId: "Z00282643NTTLPANJJG2P" },
    "me-south-1": { zoneIds: zones("mes1", 1, 2, 3), albHostedZoneId: "ZS929ML54UICD", nlbHostedZoneId: "Z3QSRYVP46NYYV" },
    "mx-central-1": { zoneIds: zones("mxc1", 1, 2, 3), albHostedZoneId: "Z023552324OKD1BB28BH5", nlbHostedZoneId: "Z02031231H3ID6HYJ9A7U" },
    "sa-east-1": { zoneIds: zones("sae1", 1, 2, 3), albHostedZoneId: "Z2P70J7HTTTPLU", nlbHostedZoneId: "ZTK26PT1VY4CU" },
    "us-east-1": { zoneIds: zones("use1", 1, 2, 3, 4, 5, 6), albHostedZoneId: "Z35SXDOTRQ7X7K", nlbHostedZoneId: "Z26RNL4JYFTOTI" },
    "us-east-2": { zoneIds: zones("use2", 1, 2, 3), albHostedZoneId: "Z3AADJGX6KTTL2", nlbHostedZoneId: "ZLMOA37VPKANP" },
    "us-west-1": { zoneIds: zones("usw1", 1, 3), albHostedZoneId: "Z368ELLRRE2KJ0", nlbHostedZoneId: "Z24FKFUX50B4VW" },
    "us-west-2": { zoneIds: zones("usw2", 1, 2, 3, 4), albHostedZoneId: "Z1H1FL5HABSF5", nlbHostedZoneId: "Z18D5FSROUN65G" },
};

/** The facts of a region, or undefined for one this platform does not know. */
export function regionFacts(region: string): RegionFacts | undefined {
    return Object.hasOwn(REGIONS, region) ? REGIONS[region] : undefined;
}

/**
 * The AZ names an account sees, `<region>a`, `<region>b`, ..., one per AZ id. Which id each
 * letter maps to is the account's own in the oldest regions; offline, letters follow the ids.
 */
export function availabilityZoneNames(region: string): string[] {
    const facts = regionFacts(region);
    return facts ? facts.zoneIds.map((_, i) => `${region}${String.fromCharCode(97 + i)}`) : [];
}

/** Why `region` cannot be used as `aws:region`, or undefined when it can. */
export function regionProblem(region: string): string | undefined {
    if (regionFacts(region)) return undefined;
    const known = Object.keys(REGIONS).join(", ");
    return `"${region}" is not a commercial AWS region this platform knows; use one of ${known} (domain/regions.ts lists each with its sources)`;
}
