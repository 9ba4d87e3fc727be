import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { ClientVpnConfig } from "../../stacks/schema/client-vpn.js";
import { certificateNames, MUTUAL_TLS, VPN_CERTIFICATES, vpcResolver } from "./documents.js";

export interface ClientVpnArgs {
    /** The `clientVpn` slice of the stack config. */
    readonly config: ClientVpnConfig;
    readonly clusterName: string;
    readonly vpcId: pulumi.Input<string>;
    /** The VPC CIDR: the only network clients are authorized to reach. */
    readonly vpcCidr: string;
    /** The private subnets, one association each (one per AZ). */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** How many private subnets there are (the association count must be known before deployment). */
    readonly subnetCount: number;
    /** The EKS cluster security group, which fronts the API server's private endpoint. */
    readonly clusterSecurityGroupId: pulumi.Input<string>;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/** The API server's port on the private endpoint. */
export const KUBERNETES_API_PORT = 443;

/**
 * An AWS Client VPN endpoint for operators: mutual TLS with a CA, server and client certificate the
 * program generates (@pulumi/tls) and imports into ACM, associated with the private subnets, split
 * tunnel (only VPC traffic goes through it), authorized to the VPC CIDR and nothing else, every
 * connection logged to CloudWatch. Key material is a Pulumi secret in state and in outputs.
 *
 * Client VPN translates client addresses to the endpoint's ENI addresses in the associated subnets,
 * so the API server sees the endpoint's security group, not the client CIDR: the cluster security
 * group admits that security group on 443.
 */
export class ClientVpn extends pulumi.ComponentResource {
    readonly endpoint: aws.ec2clientvpn.Endpoint;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** PEM of the operators' client certificate. */
    readonly clientCertificatePem: pulumi.Output<string>;
    /** PEM of the operators' client key (secret). */
    readonly clientPrivateKeyPem: pulumi.Output<string>;

    constructor(name: string, args: ClientVpnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:client-vpn:ClientVpn", name, {}, opts);
        const tags = args.tags ?? {};
        const parent = { parent: this };
        const names = certificateNames(args.clusterName);
        const key = (role: string) => new tls.PrivateKey(`${name}-${role}-key`, { algorithm: "RSA", rsaBits: VPN_CERTIFICATES.rsaBits }, parent);

        const caKey = key("ca");
        const ca = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: caKey.privateKeyPem,
                subject: { commonName: names.ca, organization: args.clusterName },
                validityPeriodHours: VPN_CERTIFICATES.caValidityHours,
                isCaCertificate: true,
                allowedUses: ["cert_signing", "crl_signing"],
            },
            parent,
        );
        const leaf = (role: "server" | "client", commonName: string, usage: string) => {
            const leafKey = key(role);
            const request = new tls.CertRequest(`${name}-${role}`, { privateKeyPem: leafKey.privateKeyPem, subject: { commonName }, dnsNames: [commonName] }, parent);
            const cert = new tls.LocallySignedCert(
                `${name}-${role}`,
                {
                    certRequestPem: request.certRequestPem,
                    caPrivateKeyPem: caKey.privateKeyPem,
                    caCertPem: ca.certPem,
                    validityPeriodHours: VPN_CERTIFICATES.leafValidityHours,
                    allowedUses: ["digital_signature", "key_encipherment", usage],
                },
                parent,
            );
            return { key: leafKey, cert };
        };
        const server = leaf("server", names.server, "server_auth");
        const client = leaf("client", names.client, "client_auth");

        const imported = (role: string, pair: { key: tls.PrivateKey; cert: tls.LocallySignedCert }) =>
            new aws.acm.Certificate(
                `${name}-${role}`,
                { privateKey: pulumi.secret(pair.key.privateKeyPem), certificateBody: pair.cert.certPem, certificateChain: ca.certPem, tags },
                parent,
            );
        const serverCertificate = imported("server", server);
        // The client certificate's chain in ACM is what the endpoint trusts for client authentication.
        const clientRoot = imported("client", client);

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-connections`,
            { name: `/aws/clientvpn/${args.clusterName}`, retentionInDays: args.config.logRetentionDays, tags },
            parent,
        );
        const logStream = new aws.cloudwatch.LogStream(`${name}-connections`, { name: "connections", logGroupName: logGroup.name }, parent);

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                description: `Client VPN endpoint of ${args.clusterName}: VPN traffic into the VPC`,
                vpcId: args.vpcId,
                egress: [{ description: "VPN clients reach the VPC only", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [args.vpcCidr] }],
                tags: { ...tags, Name: `${args.clusterName}-client-vpn` },
            },
            parent,
        );

        this.endpoint = new aws.ec2clientvpn.Endpoint(
            `${name}-endpoint`,
            {
                description: `Operators' VPN into ${args.clusterName}`,
                serverCertificateArn: serverCertificate.arn,
                clientCidrBlock: args.config.clientCidr,
                // Only the VPC's routes go through the tunnel; the operator's other traffic stays local.
                splitTunnel: true,
                vpcId: args.vpcId,
                securityGroupIds: [this.securityGroup.id],
                // The VPC resolver answers the cluster endpoint's name with its private addresses.
                dnsServers: [vpcResolver(args.vpcCidr)],
                sessionTimeoutHours: args.config.sessionTimeoutHours,
                transportProtocol: "udp",
                selfServicePortal: "disabled",
                authenticationOptions: [{ type: MUTUAL_TLS, rootCertificateChainArn: clientRoot.arn }],
                connectionLogOptions: { enabled: true, cloudwatchLogGroup: logGroup.name, cloudwatchLogStream: logStream.name },
                tags: { ...tags, Name: `${args.clusterName}-client-vpn` },
            },
            parent,
        );

        for (let i = 0; i < args.subnetCount; i++) {
            new aws.ec2clientvpn.NetworkAssociation(
                `${name}-subnet-${i}`,
                { clientVpnEndpointId: this.endpoint.id, subnetId: args.privateSubnetIds.apply((ids) => ids[i]!) },
                parent,
            );
        }
        new aws.ec2clientvpn.AuthorizationRule(
            `${name}-vpc`,
            {
                clientVpnEndpointId: this.endpoint.id,
                targetNetworkCidr: args.vpcCidr,
                authorizeAllGroups: true,
                description: "Operators reach the VPC, nothing beyond it",
            },
            parent,
        );

        new aws.vpc.SecurityGroupIngressRule(
            `${name}-to-api`,
            {
                securityGroupId: args.clusterSecurityGroupId,
                referencedSecurityGroupId: this.securityGroup.id,
                ipProtocol: "tcp",
                fromPort: KUBERNETES_API_PORT,
                toPort: KUBERNETES_API_PORT,
                description: `Client VPN (${args.config.clientCidr}, translated to the endpoint's addresses) to the Kubernetes API`,
                tags,
            },
            parent,
        );

        this.clientCertificatePem = client.cert.certPem;
        this.clientPrivateKeyPem = pulumi.secret(client.key.privateKeyPem);
        this.registerOutputs({
            endpointId: this.endpoint.id,
            clientCertificatePem: this.clientCertificatePem,
            clientPrivateKeyPem: this.clientPrivateKeyPem,
        });
    }
}
