// SPDX-License-Identifier: GPL-2.0-only
/**
 * Typed trace records with a determinism digest; free when disabled.
 */
package org.novaemu.trace;
