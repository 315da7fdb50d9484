// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The queued invalidation descriptors (VT-d 6.5.2). */
class InvalidationDescriptorTest
{
    @Test
    void eachDescriptorMatchesTheSpecificationLayout()
    {
        // Context cache: type 1, G 3 (device) [5:4], DID 7 [31:16], SID 01:00.0 [47:32].
        assertThat(ContextCacheInvalidation.device(7, 0x0100).low()).isEqualTo(0x0000_0100_0007_0031L);
        // IOTLB: type 2, G 2 (domain), DID 5; page-selective G 3 with the address in the high half.
        assertThat(IotlbInvalidation.domain(5).low()).isEqualTo(0x0005_0022L);
        final IotlbInvalidation page = new IotlbInvalidation(IotlbInvalidation.PAGE, 5, 0x40_0000L, 1);
        assertThat(page.low()).isEqualTo(0x0005_0032L);
        assertThat(page.high()).isEqualTo(0x40_0001L);
        // IEC: type 4, index-selective [4], index 5 [47:32].
        assertThat(IecInvalidation.entry(5).low()).isEqualTo(0x0000_0005_0000_0014L);
        assertThat(new IecInvalidation(true, 0, 0).low()).isEqualTo(4);
        // Wait: type 5, SW [5], status data 0x600D [63:32], status address in the high half.
        final InvalidationWait wait = new InvalidationWait(false, true, 0x600d, 0x30000);
        assertThat(wait.low()).isEqualTo(0x0000_600d_0000_0025L);
        assertThat(wait.high()).isEqualTo(0x30000);
    }

    @Test
    void everyDescriptorDecodesToItself()
    {
        final InvalidationDescriptor[] all = {
            new ContextCacheInvalidation(ContextCacheInvalidation.DEVICE, 0xfffe, 0xabcd, 3),
            new ContextCacheInvalidation(ContextCacheInvalidation.GLOBAL, 0, 0, 0),
            new IotlbInvalidation(IotlbInvalidation.PAGE, 0x1234, 0x0000_7fff_ffff_f000L, 18),
            new IecInvalidation(false, 0xffff, 31),
            new IecInvalidation(true, 0, 0),
            new InvalidationWait(true, true, 0xdead_beef, 0x0000_1234_5678_9abcL),
        };
        for (final InvalidationDescriptor d : all)
        {
            assertThat(InvalidationDescriptor.decode(d.low(), d.high())).as("%s", d).isEqualTo(d);
        }
    }

    @Test
    void theTypeIsInBitsThreeToZeroAndReservedTypesDecodeToNothing()
    {
        assertThat(InvalidationDescriptor.type(IotlbInvalidation.domain(1).low()))
            .isEqualTo(InvalidationDescriptor.IOTLB);
        assertThat(InvalidationDescriptor.decode(3, 0)).isNull(); // device-TLB: not supported
        assertThat(InvalidationDescriptor.decode(0, 0)).isNull();
    }
}
