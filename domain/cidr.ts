/**
 * IPv4 CIDR arithmetic for the VPC layout. Pure functions, no Pulumi: the config
 * schema validates with them and the Network component lays out subnets with them,
 * so what the config accepts is exactly what the network can build.
 */

export interface Cidr {
    /** First address as an unsigned 32-bit integer. */
    readonly base: number;
    /** Prefix length, 0-32. */
    readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set. */
export function parseCidr(text: string): Cidr | undefined {
    const match = CIDR_PATTERN.exec(text.trim());
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % blockSize(prefix) !== 0) return undefined;
    return { base, prefix };
}

/** Why `text` is not a network CIDR, or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
    const match = CIDR_PATTERN.exec(text.trim());
    if (!match) return `"${text}" is not an IPv4 CIDR; write it like 10.0.0.0/16`;
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
    if (prefix > 32) return `"${text}" has a prefix above /32`;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = blockSize(prefix);
    if (base % size !== 0) {
        return `"${text}" has host bits set; the network address is ${formatCidr({ base: base - (base % size), prefix })}`;
    }
    return undefined;
}

export function formatCidr(cidr: Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${cidr.prefix}`;
}

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + blockSize(a.prefix);
    const bEnd = b.base + blockSize(b.prefix);
    return a.base < bEnd && b.base < aEnd;
}

/**
 * Carves blocks of the requested prefix lengths out of `parent`, in request order
 * of the result but allocated largest-first so every block stays aligned without
 * gaps. Returns undefined when they do not fit.
 */
export function allocateBlocks(parent: Cidr, prefixes: readonly number[]): Cidr[] | undefined {
    const order = prefixes.map((prefix, index) => ({ prefix, index })).sort((a, b) => a.prefix - b.prefix);
    const result: Cidr[] = new Array<Cidr>(prefixes.length);
    let next = parent.base;
    const end = parent.base + blockSize(parent.prefix);
    for (const { prefix, index } of order) {
        if (prefix < parent.prefix) return undefined;
        const size = blockSize(prefix);
        if (next + size > end) return undefined;
        result[index] = { base: next, prefix };
        next += size;
    }
    return result;
}

/** AWS reserves five addresses in every subnet (network, router, DNS, future use, broadcast). */
export const AWS_RESERVED_PER_SUBNET = 5;

/** Addresses AWS lets you assign in a subnet of this prefix length. */
export function usableAddresses(prefix: number): number {
    return blockSize(prefix) - AWS_RESERVED_PER_SUBNET;
}
