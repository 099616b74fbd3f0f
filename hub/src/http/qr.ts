import QRCode from 'qrcode';

/**
 * A QR code as a PNG, for labels on assets (and rooms): scanning it opens `url`. Error
 * correction M survives a scuffed sticker; the quiet zone of 2 modules keeps labels small.
 */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
}
