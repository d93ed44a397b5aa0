#include "ui/previewview.h"

#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSlider>
#include <QVBoxLayout>

namespace ui {

PreviewView::PreviewView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_caption = new QLabel(tr("No preview yet: press Start to train."), this);
    m_caption->setToolTip(tr("Columns: %1").arg(columnHeaders().join(QStringLiteral(" | "))));
    m_image = new QLabel(this);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumSize(200, 100);
    m_image->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setEnabled(false);
    m_slider->setToolTip(tr("Step back through earlier previews"));
    connect(m_slider, &QSlider::valueChanged, this, &PreviewView::show);
    layout->addWidget(m_caption);
    layout->addWidget(m_image, 1);
    layout->addWidget(m_slider);
}

void PreviewView::addPreview(qint64 iteration, const QImage &grid)
{
    const bool atNewest = m_slider->value() == m_history.size() - 1 || m_history.isEmpty();
    m_history.push_back({iteration, grid});
    m_slider->setEnabled(m_history.size() > 1);
    m_slider->setRange(0, m_history.size() - 1);
    if (atNewest) {
        m_slider->setValue(m_history.size() - 1);
        show(m_history.size() - 1);
    }
    Q_EMIT previewAdded(iteration, grid);
}

void PreviewView::clear()
{
    m_history.clear();
    m_shown = -1;
    m_slider->setRange(0, 0);
    m_slider->setEnabled(false);
    m_image->clear();
    m_caption->setText(tr("No preview yet: press Start to train."));
    Q_EMIT cleared();
}

qint64 PreviewView::shownIteration() const { return m_shown >= 0 ? m_history[m_shown].first : -1; }

void PreviewView::show(int index)
{
    if (index < 0 || index >= m_history.size())
        return;
    m_shown = index;
    m_caption->setText(m_multiDomain ? tr("Iteration %1 — each sample, then translated into every domain (in tab order); "
                                          "the row under it brings each translation back")
                                           .arg(m_history[index].first)
                                     : tr("Iteration %1 — each picture, its translation, and the translation brought back").arg(m_history[index].first));
    const qreal ratio = devicePixelRatioF();
    const QPixmap pixmap = QPixmap::fromImage(m_history[index].second);
    if (m_multiDomain) {
        QPixmap scaled = pixmap.scaled(m_image->size() * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        scaled.setDevicePixelRatio(ratio);
        m_image->setPixmap(scaled);
        return;
    }
    // A header band over the six columns.
    const QFontMetrics metrics(font());
    const int band = int((metrics.height() + 8) * ratio);
    const QSize room = m_image->size() * ratio - QSize(0, band);
    if (room.height() <= 0 || room.width() <= 0)
        return;
    const QPixmap grid = pixmap.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPixmap canvas(grid.width(), grid.height() + band);
    canvas.fill(Qt::transparent);
    QPainter painter(&canvas);
    painter.drawPixmap(0, band, grid);
    QFont headerFont = font();
    headerFont.setPixelSize(std::max(1, int(metrics.height() * 0.8 * ratio)));
    painter.setFont(headerFont);
    painter.setPen(palette().color(QPalette::WindowText));
    const QStringList headers = columnHeaders();
    const double column = grid.width() / 6.0;
    const QFontMetrics headerMetrics(headerFont);
    for (int c = 0; c < 6; ++c) {
        const QRect cell(int(c * column), 0, int(column), band);
        painter.drawText(cell, Qt::AlignCenter, headerMetrics.elidedText(headers[c], Qt::ElideRight, cell.width() - 4));
    }
    painter.end();
    canvas.setDevicePixelRatio(ratio); // drawn in device pixels: sharp on high-DPI screens
    m_image->setPixmap(canvas);
}

QStringList PreviewView::columnHeaders() const
{
    const QString a = m_styles.shownA(), b = m_styles.shownB();
    return {a, tr("→ %1").arg(b), tr("→ back to %1").arg(a), b, tr("→ %1").arg(a), tr("→ back to %1").arg(b)};
}

void PreviewView::setStyleNames(const StyleNames &names)
{
    m_styles = names;
    m_caption->setToolTip(tr("Columns: %1").arg(columnHeaders().join(QStringLiteral(" | "))));
    if (m_shown >= 0)
        show(m_shown);
}

void PreviewView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    show(m_shown);
}

QString PreviewView::caption() const { return m_caption->text(); }

void PreviewView::setMultiDomain(bool multiDomain)
{
    m_multiDomain = multiDomain;
    m_caption->setToolTip(multiDomain ? tr("Rows: a sample of each domain, translated into every domain; below it, each translation "
                                           "brought back to the sample's domain")
                                      : tr("Columns: %1").arg(columnHeaders().join(QStringLiteral(" | "))));
    if (m_shown >= 0)
        show(m_shown);
}

} // namespace ui
