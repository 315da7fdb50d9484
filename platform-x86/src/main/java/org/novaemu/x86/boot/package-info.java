// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the x86 machine's boot loader hands NOVA: the Multiboot 2 information structure.
 */
package org.novaemu.x86.boot;
