// SPDX-License-Identifier: GPL-2.0-only
/**
 * Small allocation-free tools the rest builds on: argument checks that name the bad field and value
 * ({@link org.novaemu.util.Require}), register fields ({@link org.novaemu.util.BitField}), and the indexed
 * heap behind the engine's run queue and the kernel's timeouts ({@link org.novaemu.util.IndexedMinHeap}).
 */
package org.novaemu.util;
