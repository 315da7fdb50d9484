// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86_64 platform: CPU, Local APIC (xAPIC and x2APIC), IOAPIC, VT-d with interrupt remapping, and the x86 half of the NOVA kernel. Issue #5 builds it; until then the module holds nothing but this description.
 */
package org.novaemu.x86;
