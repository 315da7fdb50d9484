// SPDX-License-Identifier: GPL-2.0-only
/**
 * The ACPI tables the machine's firmware leaves in memory and the kernel reads (ACPI 6.5, chapter 5): the
 * RSDP, the XSDT and the FADT with the fixed-hardware power-management register blocks.
 */
package org.novaemu.x86.acpi;
