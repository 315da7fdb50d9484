// SPDX-License-Identifier: GPL-2.0-only
/**
 * PCI Express: configuration space with per-byte write and write-1-to-clear masks, type 0 and type 1
 * headers, BARs with the sizing protocol and decoding on the bus, capabilities (PCI Express, power
 * management, MSI, MSI-X, SR-IOV), segments with ECAM, a topology builder that numbers buses, aliases
 * requester IDs and swizzles INTx, and an lspci-like listing.
 */
package org.novaemu.pci;
