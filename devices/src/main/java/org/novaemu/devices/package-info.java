// SPDX-License-Identifier: GPL-2.0-only
/**
 * Reference devices on PCI Express: a multi-queue device with up to 2,048 MSI-X vectors raised on command
 * or at a rate, a DMA engine that signals completion by MSI, and a device with a level-triggered INTx pin.
 * The PCI machinery they use is in {@link org.novaemu.pci}.
 */
package org.novaemu.devices;
