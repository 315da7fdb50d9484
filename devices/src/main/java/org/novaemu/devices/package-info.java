// SPDX-License-Identifier: GPL-2.0-only
/**
 * PCIe (ECAM, configuration space, capabilities, MSI and MSI-X, BARs, requester IDs) and device models. Issue #4 builds it; until then the module holds nothing but this description.
 */
package org.novaemu.devices;
