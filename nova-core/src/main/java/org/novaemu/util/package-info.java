// SPDX-License-Identifier: GPL-2.0-only
/**
 * Argument checks that name the bad field and value.
 */
package org.novaemu.util;
