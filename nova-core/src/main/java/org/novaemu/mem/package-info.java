// SPDX-License-Identifier: GPL-2.0-only
/**
 * Sparse, page-granular, little-endian physical memory of 2^52 bytes.
 */
package org.novaemu.mem;
