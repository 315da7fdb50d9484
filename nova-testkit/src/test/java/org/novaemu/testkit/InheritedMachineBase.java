// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

/** A suite's base class, as a user writes one for many test classes ({@link InheritedMachineTest}). */
@NovaMachine(arch = Arch.ARM, cpus = 3, devices = 1, vectors = 2)
abstract class InheritedMachineBase
{
}
