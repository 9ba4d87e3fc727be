import { expect } from "chai";
import { allocateBlocks, cidrProblem, cidrsOverlap, formatCidr, parseCidr, usableAddresses } from "../../../domain/cidr.js";
import { layoutSubnets, subnetTags } from "../../../components/network/layout.js";

describe("CIDR arithmetic", () => {
    it("parses and formats a network CIDR", () => {
        expect(parseCidr("10.32.0.0/11")).to.deep.equal({ base: 10 * 2 ** 24 + 32 * 2 ** 16, prefix: 11 });
        expect(formatCidr(parseCidr("172.20.0.0/16")!)).to.equal("172.20.0.0/16");
    });

    it("rejects host bits, big octets and garbage with a reason", () => {
        expect(cidrProblem("10.0.0.1/24")).to.equal('"10.0.0.1/24" has host bits set; the network address is 10.0.0.0/24');
        expect(cidrProblem("10.0.300.0/24")).to.equal('"10.0.300.0/24" has an octet above 255');
        expect(cidrProblem("ten/8")).to.equal('"ten/8" is not an IPv4 CIDR; write it like 10.0.0.0/16');
        expect(parseCidr("10.0.0.1/24")).to.equal(undefined);
    });

    it("detects overlap only when blocks share addresses", () => {
        expect(cidrsOverlap(parseCidr("10.0.0.0/16")!, parseCidr("10.0.255.0/24")!)).to.equal(true);
        expect(cidrsOverlap(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/16")!)).to.equal(false);
    });

    it("allocates largest blocks first so each stays aligned, and says when they do not fit", () => {
        const blocks = allocateBlocks(parseCidr("10.0.0.0/16")!, [24, 18, 24, 18]);
        expect(blocks!.map(formatCidr)).to.deep.equal(["10.0.128.0/24", "10.0.0.0/18", "10.0.129.0/24", "10.0.64.0/18"]);
        expect(allocateBlocks(parseCidr("10.0.0.0/20")!, [18])).to.equal(undefined);
    });

    it("counts the five addresses AWS reserves in each subnet", () => {
        expect(usableAddresses(18)).to.equal(16_379);
        expect(usableAddresses(24)).to.equal(251);
    });
});

describe("subnet layout", () => {
    it("puts three /18 private subnets first and /24 public subnets after them", () => {
        const layout = layoutSubnets("10.10.0.0/16", 3, 18, 24);
        expect(layout.private).to.deep.equal(["10.10.0.0/18", "10.10.64.0/18", "10.10.128.0/18"]);
        expect(layout.public).to.deep.equal(["10.10.192.0/24", "10.10.193.0/24", "10.10.194.0/24"]);
    });

    it("gives prod's default layout 49,137 private addresses, above the 45,000 pods need", () => {
        expect(layoutSubnets("10.0.0.0/16", 3, 18, 24).privateIpCapacity).to.equal(49_137);
    });

    it("tags public subnets for internet-facing LBs and private ones for internal LBs and Karpenter", () => {
        expect(subnetTags("public", "eks-dev")).to.deep.equal({
            "kubernetes.io/cluster/eks-dev": "shared",
            "kubernetes.io/role/elb": "1",
        });
        expect(subnetTags("private", "eks-dev")).to.deep.equal({
            "kubernetes.io/cluster/eks-dev": "shared",
            "kubernetes.io/role/internal-elb": "1",
            "karpenter.sh/discovery": "eks-dev",
        });
    });
});
