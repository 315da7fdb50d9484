// SPDX-License-Identifier: GPL-2.0-only
/**
 * Argument checks that name the bad field and value, and the allocation-free {@link org.novaemu.util.IndexedMinHeap}
 * behind the engine's run queue and the kernel's timeout lists.
 */
package org.novaemu.util;
