// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

/**
 * A portal made by {@link RootScript#portal}: its selector in the root's object space and the CPU of the local EC
 * that handles it (an ipc_call must come from that CPU).
 *
 * @param selector the portal's selector
 * @param cpu the handler's CPU
 */
public record Portal(long selector, int cpu)
{
}
