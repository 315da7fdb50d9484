// SPDX-License-Identifier: GPL-2.0-only
/**
 * PCI Express on Arm: how a root complex derives the IDs that identify a function's requests beyond PCI, as a
 * platform's firmware describes them, a device tree's {@code msi-map} and {@code iommu-map} or the ID mappings
 * of an ACPI IORT root complex node (Arm DEN 0049): the GIC ITS DeviceID of its MSIs and the SMMU StreamID of
 * its DMA, each from the 16-bit PCI requester ID through an {@link org.novaemu.arm.pcie.IdMap} per root
 * complex ({@link org.novaemu.arm.pcie.RootComplex}).
 */
package org.novaemu.arm.pcie;
